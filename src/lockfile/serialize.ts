// The lockfile's one canonical text: entries sorted by key (code-point order), fixed field order,
// request bodies with keys sorted deep, 2-space indentation, final newline. Same content, same bytes.
import { insertionOrdered, isIntegerLikeKey, Ordered, orderedFields, prettyJson, sortKeys } from "./json-text.js";
import { keyedRecord } from "../util/objects.js";
import type { CheckRecord, LockEntry, Lockfile, TaskRecord } from "./types.js";

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
  "finish_time",
  "error",
  "output_seconds",
  "outputs",
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

export function serializeLockfile(lockfile: Lockfile): string {
  const entries = new Ordered(
    sortKeys(Object.keys(lockfile.entries)).map(
      (key) => [key, entryFields(lockfile.entries[key] as LockEntry)] as const,
    ),
  );
  const top = new Ordered([
    ["format_version", lockfile.format_version],
    ["campaign", lockfile.campaign],
    ["entries", entries],
  ]);
  return `${prettyJson(top)}\n`;
}

/**
 * The same bytes as serializeLockfile, entry by entry, as one Buffer: a 500,000-entry lockfile is larger
 * than the longest string V8 can make (512 MiB), but not than a Buffer.
 */
export function serializeLockfileBytes(lockfile: Lockfile): Buffer {
  return Buffer.concat(serializeLockfileChunks(lockfile));
}

/** Entries written by one native JSON.stringify: a few MB of text at a time. */
const STRINGIFY_BATCH = 2000;
const BATCH_HEAD = '{\n  "e": {';
const BATCH_TAIL = "\n  }\n}";

/**
 * serializeLockfileBytes's bytes as chunks of about 4 MB (written one after another, never joined: a
 * 500,000-entry lockfile is not held twice). Entries are written in batches by the native JSON.stringify of
 * `{ "e": { KEY: entry, ... } }`, whose inner lines are exactly the canonical layout (4-space entry lines);
 * an entry with an integer-like key anywhere (which JSON.stringify would move first) is written by prettyJson.
 */
export function serializeLockfileChunks(lockfile: Lockfile): Buffer[] {
  const keys = sortKeys(Object.keys(lockfile.entries));
  if (keys.length === 0) return [Buffer.from(serializeLockfile(lockfile), "utf8")];
  const head = `{\n  "format_version": ${JSON.stringify(lockfile.format_version)},\n  "campaign": ${JSON.stringify(lockfile.campaign)},\n  "entries": {`;
  const chunks: Buffer[] = [];
  let texts: string[] = [head];
  let size = head.length;
  let written = 0; // entries written so far: every one after the first is preceded by a comma
  const push = (text: string) => {
    texts.push(text);
    size += text.length;
    if (size > 1 << 22) {
      chunks.push(Buffer.from(texts.join(""), "utf8"));
      texts = [];
      size = 0;
    }
  };
  let batch = keyedRecord<unknown>();
  let inBatch = 0;
  const flush = () => {
    if (inBatch === 0) return;
    const text = JSON.stringify({ e: batch }, null, 2);
    push(`${written === 0 ? "" : ","}${text.slice(BATCH_HEAD.length, text.length - BATCH_TAIL.length)}`);
    written += inBatch;
    batch = keyedRecord<unknown>();
    inBatch = 0;
  };
  for (const key of keys) {
    const fields = entryFields(lockfile.entries[key] as LockEntry);
    const plain = isIntegerLikeKey(key) ? undefined : insertionOrdered(fields);
    if (plain === undefined) {
      flush();
      push(`${written === 0 ? "" : ","}\n    ${JSON.stringify(key)}: ${prettyJson(fields, "    ")}`);
      written += 1;
      continue;
    }
    batch[key] = plain;
    if (++inBatch >= STRINGIFY_BATCH) flush();
  }
  flush();
  texts.push("\n  }\n}\n");
  chunks.push(Buffer.from(texts.join(""), "utf8"));
  return chunks;
}

function entryFields(entry: LockEntry): Ordered {
  return orderedFields(entry, ENTRY_FIELDS, (key, value) => {
    if (key === "error") return orderedFields(value as object, ERROR_FIELDS);
    if (key === "task") return taskFields(value as TaskRecord);
    if (key === "imported") return orderedFields(value as object, IMPORTED_FIELDS);
    if (key === "checks") return checksFields(value as CheckRecord);
    if (key === "earlier") return (value as LockEntry[]).map(entryFields);
    return value; // body and unknown fields: plain objects, keys sorted deep by prettyJson
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
