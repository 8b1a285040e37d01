// Lockfile text -> Lockfile, or DiagnosticsError with file:line:col. JSON.parse + ajv on the happy path
// (fast on 100,000 entries); positions are computed only when something is wrong.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import type { Diagnostic } from "../diagnostics.js";
import { DiagnosticsError } from "../errors.js";
import { VERSION } from "../version.js";
import { locatePath, positionAt } from "./json-locate.js";
import { schemaDiagnostics } from "./schema-diagnostics.js";
import { LOCKFILE_FORMAT_VERSION, type Lockfile } from "./types.js";

const validators = new Map<boolean, ValidateFunction>();

/** The first-error validator compiles several times faster; every error is only wanted for a damaged file. */
function lockfileValidator(allErrors: boolean): ValidateFunction {
  const known = validators.get(allErrors);
  if (known) return known;
  const schema = JSON.parse(readFileSync(new URL("../../schemas/lockfile.schema.json", import.meta.url), "utf8")) as object;
  const validator = new Ajv({ allErrors, strict: false }).compile(schema);
  validators.set(allErrors, validator);
  return validator;
}

export function parseLockfileText(text: string, file: string): Lockfile {
  const value = parseJsonText(text, file, "lockfile");
  refuseNewerFormat(value, text, file);
  if (lockfileValidator(false)(value)) return value as Lockfile;
  const validate = lockfileValidator(true);
  if (!validate(value)) throw new DiagnosticsError(schemaDiagnostics(validate.errors ?? [], text, file), `${file} is not a valid lockfile`);
  return value as Lockfile;
}

/** JSON.parse with the error turned into a located diagnostic (Node reports "at position N"). */
export function parseJsonText(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DiagnosticsError([syntaxDiagnostic(text, file, (error as Error).message)], `${file} is not a valid ${what} (damaged or truncated)`);
  }
}

function syntaxDiagnostic(text: string, file: string, message: string): Diagnostic {
  const conflict = /^(<{7}|={7}|>{7})( |$)/m.exec(text);
  if (conflict) {
    const { line, col } = positionAt(text, conflict.index);
    return { severity: "error", file, line, col, message: "git merge-conflict marker", suggestion: "resolve the conflict: keep one side of each entry, then run `reelform plan` to check" };
  }
  const at = /at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : text.length;
  const { line, col } = positionAt(text, offset);
  const truncated = offset >= text.trimEnd().length; // the parser ran out of text
  return { severity: "error", file, line, col, message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, "")}${truncated ? " (the file is truncated)" : ""}`, suggestion: "restore it from git (git checkout -- FILE) rather than editing by hand" };
}

function refuseNewerFormat(value: unknown, text: string, file: string): void {
  const version = (value as { format_version?: unknown } | null)?.format_version;
  if (typeof version !== "number" || version <= LOCKFILE_FORMAT_VERSION) return;
  const { line, col } = positionAt(text, locatePath(text, ["format_version"]));
  throw new DiagnosticsError(
    [{ severity: "error", file, line, col, message: `lockfile format_version ${version} was written by a newer reelform; this reelform (${VERSION}) reads format_version ${LOCKFILE_FORMAT_VERSION}`, suggestion: "upgrade reelform (npm install reelform@latest)" }],
    `${file} needs a newer reelform`,
  );
}
