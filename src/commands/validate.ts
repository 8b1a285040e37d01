// reelform validate <manifests...>: every finding of every manifest, then one summary line per file.
import type { Diagnostic } from "../diagnostics.js";
import { DiagnosticsError, ExitCode } from "../errors.js";
import type { CommandContext } from "../command-context.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import type { ValidateResult } from "../report/validate-report.js";

interface ValidateFlags extends ManifestFlags {
  json?: boolean;
}

export async function run(ctx: CommandContext, files: string[], flags: ValidateFlags): Promise<number> {
  const { compileManifest } = await import("../expand/compile.js");
  const results: ValidateResult[] = [];
  for (const file of files) {
    try {
      const compiled = await compileManifest(file, compileOptions(ctx, flags));
      results.push(summarize(file, compiled.requests.length, compiled.warnings));
    } catch (error) {
      if (!(error instanceof DiagnosticsError)) throw error;
      results.push(summarize(file, 0, error.diagnostics));
    }
  }
  const { printValidateResults } = await import("../report/validate-report.js");
  printValidateResults(ctx, results, flags.json === true);
  return results.every((r) => r.ok) ? ExitCode.ok : ExitCode.error;
}

function summarize(file: string, requests: number, diagnostics: Diagnostic[]): ValidateResult {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { file, ok: errors === 0, requests, errors, warnings: diagnostics.length - errors, diagnostics };
}
