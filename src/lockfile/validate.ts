// Lockfile text -> Lockfile, or DiagnosticsError with file:line:col. JSON.parse + ajv on the happy path
// (fast on 100,000 entries); positions are computed only when something is wrong.
import { readFileSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import type { Diagnostic } from "../diagnostics.js";
import { DiagnosticsError } from "../errors.js";
import { loadAjv } from "../util/ajv.js";
import { VERSION } from "../version.js";
import { countEntryLines, duplicateKey, locatePath, positionAt } from "./json-locate.js";
import { schemaDiagnostics } from "./schema-diagnostics.js";
import { fromStoredGeneration, type StoredGeneration } from "./stored-shape.js";
import { validate as firstErrorValidator } from "./schema-validator.generated.js";
import { LOCKFILE_FORMAT_VERSION, type Lockfile } from "./types.js";

let everyErrorValidator: ValidateFunction | undefined;

/**
 * Every error, with positions, is only wanted for a damaged file: that validator is compiled here, when
 * needed. A sound file passes the precompiled first-error validator (scripts/compile-schemas.mjs), which
 * costs no start-up time.
 */
function everyErrorLockfileValidator(): ValidateFunction {
  if (everyErrorValidator) return everyErrorValidator;
  const schema = JSON.parse(
    readFileSync(new URL("../../schemas/lockfile.schema.json", import.meta.url), "utf8"),
  ) as object;
  everyErrorValidator = new (loadAjv())({ allErrors: true, strict: false }).compile(schema);
  return everyErrorValidator;
}

export function parseLockfileText(text: string, file: string): Lockfile {
  const value = parseJsonText(text, file, "lockfile");
  refuseNewerFormat(value, text, file);
  if ((firstErrorValidator as (data: unknown) => boolean)(value)) {
    refuseRepeatedEntry(value as Lockfile, text, file);
    return withKeyedEntries(value as Lockfile);
  }
  const validate = everyErrorLockfileValidator();
  if (!validate(value))
    throw new DiagnosticsError(schemaDiagnostics(validate.errors ?? [], text, file), `${file} is not a valid lockfile`);
  return withKeyedEntries(value as Lockfile);
}

/**
 * Entries keyed by video key (`lockfile.entries["constructor"]` is an entry or undefined, never Object), each
 * as it was recorded: what the stored shape leaves out is put back (stored-shape.ts).
 */
function withKeyedEntries(lockfile: Lockfile): Lockfile {
  // JSON.parse made every key, `__proto__` too, an own property: dropping the prototype is enough (a copy of
  // 500,000 entries cost a quarter of a second and as much garbage).
  Object.setPrototypeOf(lockfile.entries, null);
  return fromStoredEntries(lockfile);
}

/** Validated stored entries (any format) back to the entries they record, each replaced in `lockfile.entries`. */
export function fromStoredEntries(lockfile: Lockfile): Lockfile {
  for (const key of Object.keys(lockfile.entries))
    lockfile.entries[key] = fromStoredGeneration(
      lockfile.format_version,
      lockfile.campaign,
      key,
      lockfile.entries[key] as unknown as StoredGeneration,
    );
  return lockfile;
}

/** JSON.parse with the error turned into a located diagnostic (Node reports "at position N"). */
export function parseJsonText(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DiagnosticsError(
      [syntaxDiagnostic(text, file, what, (error as Error).message)],
      `${file} is not a valid ${what} (damaged or truncated)`,
    );
  }
}

/**
 * Never "keep one side": `git checkout --ours/--theirs` on a lockfile drops the other branch's TaskIds.
 * A lockfile with well-formed markers is resolved by reelform itself (resolve-conflict.ts); this advice is
 * for markers it could not read, and for the other JSON files reelform writes.
 */
function conflictAdvice(what: string): string {
  if (what !== "lockfile") return `make the ${what} again rather than editing the conflict by hand`;
  return 'the conflict markers are malformed: restore the conflicted merge with `git checkout -m FILE` and let reelform resolve it (or use the merge driver, see docs/plans-and-lockfile.md "Merging lockfiles"); never keep one side (`git checkout --ours`/`--theirs` loses the other branch\'s TaskIds)';
}

function syntaxDiagnostic(text: string, file: string, what: string, message: string): Diagnostic {
  const conflict = /^(<{7}|={7}|>{7})( |$)/m.exec(text);
  if (conflict) {
    const { line, col } = positionAt(text, conflict.index);
    return {
      severity: "error",
      file,
      line,
      col,
      message: "git merge-conflict marker",
      suggestion: conflictAdvice(what),
    };
  }
  const at = /at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : text.length;
  const { line, col } = positionAt(text, offset);
  const truncated = offset >= text.trimEnd().length; // the parser ran out of text
  return {
    severity: "error",
    file,
    line,
    col,
    message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, "")}${truncated ? " (the file is truncated)" : ""}`,
    suggestion: "restore it from git (git checkout -- FILE) rather than editing by hand",
  };
}

function refuseNewerFormat(value: unknown, text: string, file: string): void {
  const version = (value as { format_version?: unknown } | null)?.format_version;
  if (typeof version !== "number" || version <= LOCKFILE_FORMAT_VERSION) return;
  const { line, col } = positionAt(text, locatePath(text, ["format_version"]));
  throw new DiagnosticsError(
    [
      {
        severity: "error",
        file,
        line,
        col,
        message: `lockfile format_version ${version} was written by a newer reelform; this reelform (${VERSION}) reads format_version ${LOCKFILE_FORMAT_VERSION}`,
        suggestion: "upgrade reelform (npm install reelform@latest)",
      },
    ],
    `${file} needs a newer reelform`,
  );
}

/**
 * An entry written twice (two branches that both generated a key, merged by keeping both sides): JSON.parse
 * keeps the last, and the first one's TaskId would silently drop out of the lockfile. Refused, at the line.
 */
function refuseRepeatedEntry(lockfile: Lockfile, text: string, file: string): void {
  if (countEntryLines(text) === Object.keys(lockfile.entries).length) return;
  const repeated = duplicateKey(text, ["entries"]);
  if (!repeated) return;
  const first = positionAt(text, repeated.first);
  const { line, col } = positionAt(text, repeated.second);
  throw new DiagnosticsError(
    [
      {
        severity: "error",
        file,
        line,
        col,
        message: `entry ${JSON.stringify(repeated.key)} appears twice (first at line ${first.line}); only one can be kept, and a TaskId must not drop out unnoticed`,
        suggestion:
          'do not delete either (each may hold a paid task): restore the conflicted merge with `git checkout -m FILE` and let reelform resolve it, or move one of them under the other\'s "earlier" list; a merge that kept both sides of a conflict does this',
      },
    ],
    `${file} has an entry written twice`,
  );
}
