// The lockfile's one canonical text: entries sorted by key (code-point order), one line per field in a fixed
// order, values as one-line JSON with fixed field order and request bodies with keys sorted deep, 2-space
// indentation, final newline. Same content, same bytes.
import { createHash } from "node:crypto";
import { compactJson, type Ordered, orderedFields, sortKeys } from "./json-text.js";
import { type StoredGeneration, toStoredGeneration } from "./stored-shape.js";
import { type CheckRecord, type LockEntry, type Lockfile, LOCKFILE_FORMAT_VERSION, type TaskRecord } from "./types.js";

const ENTRY_FIELDS = [
  "hash",
  "generation",
  "session_id",
  "submission",
  "provider",
  "sub_app_id",
  "task_id",
  "request_id",
  "submitted_at",
  "retired_at",
  "imported",
  "error",
  "note",
  "request",
  "body",
  "task",
  "checks",
  "earlier",
] as const;
const IMPORTED_FIELDS = ["at", "differences"];
const ERROR_FIELDS = ["code", "message", "http_status", "request_id"];
const TASK_FIELDS = [
  "state",
  "api_status",
  "progress",
  "checked_at",
  "create_time",
  "begin_process_time",
  "finish_time",
  "error",
  "output_seconds",
  "outputs",
  "other_outputs",
];
const TASK_ERROR_FIELDS = ["err_code", "err_code_ext", "message", "transient"];
const CHECKS_FIELDS = ["sha256", "results"];
const CHECK_RESULT_FIELDS = ["check", "outcome", "measured", "asked", "tool", "version", "note"];
const OUTPUT_FIELDS = [
  "url",
  "expires_at",
  "storage_mode",
  "file_id",
  "file_type",
  "media_name",
  "usage_type",
  "width",
  "height",
  "duration",
  "size",
  "sha256",
];

/**
 * The lockfile's text, always in the current format (LOCKFILE_FORMAT_VERSION, the stored shape of
 * stored-shape.ts): each entry's fields on their own lines, each field's value on one line.
 */
export function serializeLockfile(lockfile: Lockfile): string {
  const keys = sortKeys(Object.keys(lockfile.entries));
  return head(lockfile, keys.length) + keys.map((key, i) => entryText(lockfile, key, i)).join("") + tail(keys.length);
}

/**
 * The same bytes as serializeLockfile, entry by entry, as one Buffer: a 500,000-entry lockfile is larger
 * than the longest string V8 can make (512 MiB), but not than a Buffer.
 */
export function serializeLockfileBytes(lockfile: Lockfile): Buffer {
  return Buffer.concat(serializeLockfileChunks(lockfile));
}

/**
 * serializeLockfile's bytes as chunks of about 4 MB, never joined (a 500,000-entry lockfile is not held twice);
 * lockfileChunks makes them one at a time, as a writer asks, so that they are not all in memory at once.
 */
export function serializeLockfileChunks(lockfile: Lockfile, reuse?: ReusedEntries): Buffer[] {
  return [...lockfileChunks(lockfile, reuse)];
}

/** serializeLockfileChunks's chunks, each made when the writer asks for the next (writeLockfile). */
export function* lockfileChunks(lockfile: Lockfile, reuse?: ReusedEntries): Generator<Buffer> {
  const keys = sortKeys(Object.keys(lockfile.entries));
  let batch: string[] = [head(lockfile, keys.length)];
  let size = 0;
  let run: Buffer | undefined; // unchanged entries next to each other in the source: written as one slice
  /** What is pending, in order: the run of reused bytes, then the batch of text; both emptied. */
  const pending = (): Buffer[] => {
    const out: Buffer[] = [];
    if (run) out.push(run);
    run = undefined;
    if (batch.length > 0) out.push(Buffer.from(batch.join(""), "utf8"));
    batch = [];
    size = 0;
    return out;
  };
  for (const [i, key] of keys.entries()) {
    const bytes = reuse?.(key);
    if (!bytes) {
      if (run) yield* pending();
      const text = entryText(lockfile, key, i);
      batch.push(text);
      size += text.length;
      if (size > 1 << 22) yield* pending();
      continue;
    }
    // An unchanged entry's bytes as they were read: no text made, no copy.
    if (run && followsWithComma(run, bytes)) {
      run = Buffer.from(run.buffer, run.byteOffset, bytes.byteOffset + bytes.length - run.byteOffset);
      continue;
    }
    yield* pending();
    if (i > 0) batch.push(",");
    yield* pending();
    run = bytes;
  }
  batch.push(tail(keys.length));
  yield* pending();
}

/** `next` starts right after `run` and the one comma between two entries, in the same source bytes. */
function followsWithComma(run: Buffer, next: Buffer): boolean {
  const end = run.byteOffset + run.length;
  return next.buffer === run.buffer && next.byteOffset === end + 1 && new Uint8Array(run.buffer)[end] === 0x2c;
}

/**
 * An entry's canonical bytes (from the line break before its key to its closing brace, no comma) when they
 * can be written as they are, else undefined (the entry is serialised).
 */
export type ReusedEntries = (key: string) => Buffer | undefined;

/** One entry in the stored shape, as one line of JSON (the state database's rows). */
export function storedEntryJson(campaign: string, key: string, entry: LockEntry): string {
  return compactJson(storedFields(toStoredGeneration(campaign, key, entry)));
}

/** One entry's canonical text as the lockfile holds it, from the line break before its key to `    }` (no comma). */
export function serializeEntry(lockfile: Lockfile, key: string): string {
  return entryText(lockfile, key, 0);
}

/** The text before the first entry: format version, campaign, `"entries": {` (closed at once when there is none). */
export function head(lockfile: Lockfile, count: number): string {
  return `{\n  "format_version": ${LOCKFILE_FORMAT_VERSION},\n  "campaign": ${JSON.stringify(lockfile.campaign)},\n  "entries": {${count === 0 ? "}" : ""}`;
}

function tail(count: number): string {
  return count === 0 ? "\n}\n" : "\n  }\n}\n";
}

/** `    "KEY": {` then one line per field (`earlier`: one line per generation), then `    }`. */
function entryText(lockfile: Lockfile, key: string, index: number): string {
  const stored = storedFields(toStoredGeneration(lockfile.campaign, key, lockfile.entries[key] as LockEntry));
  const lines: string[] = [];
  for (const [field, value] of stored.fields) {
    if (value === undefined) continue;
    const text =
      field === "earlier" && Array.isArray(value) && value.length > 0
        ? `[\n${value.map((g) => `        ${compactJson(g)}`).join(",\n")}\n      ]`
        : compactJson(value);
    lines.push(`      ${JSON.stringify(field)}: ${text}`);
  }
  return `${index === 0 ? "" : ","}\n    ${JSON.stringify(key)}: {\n${lines.join(",\n")}\n    }`;
}

function storedFields(stored: StoredGeneration): Ordered {
  return orderedFields(stored, ENTRY_FIELDS, (key, value) => {
    if (key === "error") return orderedFields(value as object, ERROR_FIELDS);
    if (key === "task") return taskFields(value as TaskRecord);
    if (key === "imported") return orderedFields(value as object, IMPORTED_FIELDS);
    if (key === "checks") return checksFields(value as CheckRecord);
    if (key === "earlier") return (value as StoredGeneration[]).map(storedFields);
    return value; // request, body and unknown fields: plain objects, keys sorted deep by compactJson
  });
}

function checksFields(checks: CheckRecord): Ordered {
  return orderedFields(checks, CHECKS_FIELDS, (key, value) =>
    key === "results" ? (value as object[]).map((r) => orderedFields(r, CHECK_RESULT_FIELDS)) : value,
  );
}

function taskFields(task: TaskRecord): Ordered {
  return orderedFields(task, TASK_FIELDS, (key, value) => {
    if (key === "error") return orderedFields(value as object, TASK_ERROR_FIELDS);
    if (key === "outputs") return (value as object[]).map((o) => orderedFields(o, OUTPUT_FIELDS));
    return value;
  });
}

/** sha256 of serializeLockfile's bytes, from its chunks: a 500,000-entry set is longer than V8's longest string. */
export function lockfileSha256(lockfile: Lockfile): string {
  const hash = createHash("sha256");
  for (const chunk of serializeLockfileChunks(lockfile)) hash.update(chunk);
  return hash.digest("hex");
}
