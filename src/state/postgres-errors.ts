// A database the state could not be written to (unreachable, refused, failed mid-transaction): the exit code
// is the one of a disk-full write ("state not writable", 3), and the message never holds the password.
import { buildRedactor } from "../api/redact.js";
import { ExitCode, UserError } from "../errors.js";

export class StateWriteError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.writeFailed);
    this.name = "StateWriteError";
  }
}

/** The driver's words for a failure, without the password (a server or driver may echo connection strings). */
export function describePgError(error: unknown, password: string | undefined): string {
  const e = error as { code?: string; message?: string } | null;
  const text = e?.message ? e.message : String(error);
  const words = e?.code && !text.includes(e.code) ? `${text} (${e.code})` : text;
  return password ? buildRedactor(password).text(words) : words;
}
