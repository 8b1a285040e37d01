// `reelform validate` output: every finding of every manifest on stderr, then one summary line per file on
// stdout; --json: the results as one document.
import type { CommandContext } from "../command-context.js";
import type { Diagnostic } from "../diagnostics.js";
import { safeJson, safeText } from "../util/safe-text.js";
import { printDiagnostics } from "./diagnostics.js";

export interface ValidateResult {
  file: string;
  ok: boolean;
  requests: number;
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** `launch.yaml: ok, 4 requests, 0 warnings` or `launch.yaml: invalid, 2 errors, 1 warning`. */
export function renderValidateLine(result: ValidateResult): string {
  const warnings = plural(result.warnings, "warning");
  const line = result.ok
    ? `${result.file}: ok, ${plural(result.requests, "request")}, ${warnings}`
    : `${result.file}: invalid, ${plural(result.errors, "error")}, ${warnings}`;
  return `${safeText(line)}\n`;
}

export function printValidateResults(
  ctx: Pick<CommandContext, "stdout" | "stderr" | "env">,
  results: readonly ValidateResult[],
  json: boolean,
): void {
  if (json) {
    ctx.stdout.write(`${safeJson(JSON.stringify(results, null, 2))}\n`);
    return;
  }
  for (const result of results) {
    printDiagnostics(result.diagnostics, { stream: ctx.stderr, env: ctx.env });
    ctx.stdout.write(renderValidateLine(result));
  }
}
