import type { Diagnostic } from "./diagnostics.js";

/** Documented exit codes (docs/commands.md "Exit codes"). Only src/cli.ts turns errors into them. */
export const ExitCode = {
  ok: 0,
  error: 1,
  changesPending: 2,
  /** A file could not be written (disk full, I/O error); the answers were saved elsewhere or printed. */
  writeFailed: 3,
  interrupted: 130,
} as const;

/** An error caused by the user's input or environment: printed as one clear message, no stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.error,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** One or more diagnostics (with file:line:col) that stop the command. */
export class DiagnosticsError extends UserError {
  constructor(
    readonly diagnostics: Diagnostic[],
    summary = "invalid input",
  ) {
    super(summary);
    this.name = "DiagnosticsError";
  }
}
