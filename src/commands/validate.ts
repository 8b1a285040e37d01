// reelform validate <manifests...>: every finding of every manifest, then one summary line per file.
import type { Diagnostic } from "../diagnostics.js";
import { DiagnosticsError } from "../errors.js";
import type { CommandContext } from "../command-context.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import { safeJson, safeText } from "../util/safe-text.js";

interface ValidateFlags extends ManifestFlags {
  json?: boolean;
}

interface FileResult {
  file: string;
  ok: boolean;
  requests: number;
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
}

export async function run(ctx: CommandContext, files: string[], flags: ValidateFlags): Promise<number> {
  const { compileManifest } = await import("../expand/compile.js");
  const results: FileResult[] = [];
  for (const file of files) {
    try {
      const compiled = await compileManifest(file, compileOptions(ctx, flags));
      results.push(summarize(file, compiled.requests.length, compiled.warnings));
    } catch (error) {
      if (!(error instanceof DiagnosticsError)) throw error;
      results.push(summarize(file, 0, error.diagnostics));
    }
  }
  if (flags.json) ctx.stdout.write(`${safeJson(JSON.stringify(results, null, 2))}\n`);
  else await printText(ctx, results);
  return results.every((r) => r.ok) ? 0 : 1;
}

function summarize(file: string, requests: number, diagnostics: Diagnostic[]): FileResult {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { file, ok: errors === 0, requests, errors, warnings: diagnostics.length - errors, diagnostics };
}

async function printText(ctx: CommandContext, results: FileResult[]): Promise<void> {
  const { printDiagnostics } = await import("../report/diagnostics.js");
  for (const r of results) {
    printDiagnostics(r.diagnostics, { stream: ctx.stderr, env: ctx.env });
    const warnings = `${r.warnings} warning${r.warnings === 1 ? "" : "s"}`;
    const line = r.ok
      ? `${r.file}: ok, ${r.requests} request${r.requests === 1 ? "" : "s"}, ${warnings}`
      : `${r.file}: invalid, ${r.errors} error${r.errors === 1 ? "" : "s"}, ${warnings}`;
    ctx.stdout.write(`${safeText(line)}\n`);
  }
}
