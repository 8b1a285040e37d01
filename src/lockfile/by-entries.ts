// A lockfile too large to be one string (V8's limit is 2^29 - 24 characters: a 500,000-entry lockfile
// passes it) is read from its bytes entry by entry, as the canonical writer lays it out (serialize.ts: each
// entry starts on a line `    "KEY": {` and ends on a line `    }`). Each entry is parsed on its own and
// validated in batches; what does not follow that layout is refused with what to do.
import { DiagnosticsError, UserError } from "../errors.js";
import { fromStoredEntries, parseLockfileText } from "./validate.js";
import { validate } from "./schema-validator.generated.js";
import type { LockEntry, Lockfile } from "./types.js";
import { keyedRecord } from "../util/objects.js";
import { ENTRIES, ENTRY_END, ENTRY_START, FILE_END } from "./layout.js";

/** Above this many bytes the file is read entry by entry (below V8's string limit, with room to spare). */
export const ONE_STRING_BYTES = 400 * 1024 * 1024;
const END = FILE_END.subarray(0, -1); // the final newline not required
const BATCH = 5000;
const CHUNK = 1000;

export function parseLockfileByEntries(bytes: Buffer, file: string): Lockfile {
  const entries = keyedRecord<LockEntry>();
  const header = readLockfileEntries(bytes, file, {
    has: (key) => Object.hasOwn(entries, key),
    add: (batch, keys) => {
      for (const key of keys) define(entries, key, batch[key] as LockEntry);
    },
  });
  return { format_version: header.format_version, campaign: header.campaign, entries };
}

/** Where readLockfileEntries hands the entries it read, a validated batch at a time. */
export interface EntrySink {
  /** Told the header (format, campaign) before any entry. */
  header?(header: Pick<Lockfile, "format_version" | "campaign">): void;
  /** True when an earlier batch had this key (an entry written twice is refused). */
  has(key: string): boolean;
  /** Entries as they record (validated, what the stored shape leaves out put back), in the file's order. */
  add(batch: Record<string, LockEntry>, keys: readonly string[]): void;
  /**
   * Entries per batch (default 5,000). A sink that lets them go (the merge driver) takes small batches, and
   * smaller chunks: entries that die young cost the garbage collector little, and nothing piles up.
   */
  batchSize?: number;
}

/**
 * Reads the entries of a canonical lockfile's bytes a batch at a time, each batch validated and handed to the
 * sink, which may keep them (parseLockfileByEntries) or merge them away (the merge driver: two 500,000-entry
 * sides are never both in memory). Returns the header.
 */
export function readLockfileEntries(
  bytes: Buffer,
  file: string,
  sink: EntrySink,
): Pick<Lockfile, "format_version" | "campaign"> {
  const marker = bytes.subarray(0, 4096).indexOf(ENTRIES);
  if (marker === -1) throw notCanonical(file, 1);
  // The header alone, validated as a lockfile with no entries (format version, campaign).
  const header = parseLockfileText(`${bytes.subarray(0, marker + ENTRIES.length).toString("utf8")}}\n}\n`, file);
  sink.header?.(header);
  const batchSize = sink.batchSize ?? BATCH;
  const chunkSize = Math.min(CHUNK, batchSize);
  let batch = keyedRecord<LockEntry>();
  let keys: string[] = [];
  let at = marker + ENTRIES.length;
  const flush = () => {
    const lockfile = { format_version: header.format_version, campaign: header.campaign, entries: batch };
    // The precompiled validator on the objects; only a failure pays for the text and its diagnostics.
    if (!(validate as (data: unknown) => boolean)(lockfile)) parseLockfileText(JSON.stringify(lockfile), file);
    fromStoredEntries(lockfile);
    sink.add(batch, keys);
    batch = keyedRecord<LockEntry>();
    keys = [];
  };
  // Entries are parsed CHUNK at a time (one string and one JSON.parse for many entries: at 500,000 entries,
  // one each cost seconds of garbage); a chunk that does not parse, or holds a key twice, is parsed again entry
  // by entry, which says where.
  let starts: number[] = [];
  let ends: number[] = [];
  const parseChunk = () => {
    if (starts.length === 0) return;
    const from = starts[0] as number;
    const to = (ends[ends.length - 1] as number) + ENTRY_END.length;
    let parsed: Record<string, LockEntry> | undefined;
    try {
      parsed = JSON.parse(`{${bytes.subarray(from + 1, to).toString("utf8")}}`) as Record<string, LockEntry>;
    } catch {
      parsed = undefined; // located below, entry by entry
    }
    const chunkKeys = parsed && Object.keys(parsed);
    if (parsed === undefined || chunkKeys === undefined || chunkKeys.length !== starts.length) {
      for (let i = 0; i < starts.length; i += 1)
        addEntry(parseEntry(bytes, starts[i] as number, ends[i] as number, file));
    } else for (const key of chunkKeys) addEntry([key, parsed[key] as LockEntry]);
    starts = [];
    ends = [];
  };
  const addEntry = ([key, value]: [string, LockEntry]) => {
    if (Object.hasOwn(batch, key) || sink.has(key)) throw repeated(bytes, key, file);
    define(batch, key, value);
    keys.push(key);
    if (keys.length >= batchSize) flush();
  };
  for (;;) {
    if (startsAt(bytes, END, at)) break;
    if (!startsAt(bytes, ENTRY_START, at)) throw notCanonical(file, lineAt(bytes, at));
    const end = bytes.indexOf(ENTRY_END, at + ENTRY_START.length);
    if (end === -1) throw notCanonical(file, lineAt(bytes, at));
    starts.push(at);
    ends.push(end);
    if (starts.length >= chunkSize) parseChunk();
    at = end + ENTRY_END.length;
    if (bytes[at] === 0x2c) at += 1; // the comma between entries
  }
  parseChunk();
  if (keys.length > 0) flush();
  return header;
}

/** One entry (`at`: its line's start; `end`: its closing line's start), parsed on its own: [key, entry]. */
function parseEntry(bytes: Buffer, at: number, end: number, file: string): [string, LockEntry] {
  let parsed: Record<string, LockEntry>;
  try {
    parsed = JSON.parse(`{${bytes.subarray(at + 1, end + ENTRY_END.length).toString("utf8")}}`) as Record<
      string,
      LockEntry
    >;
  } catch (error) {
    throw new DiagnosticsError(
      [
        {
          severity: "error",
          file,
          line: lineAt(bytes, at) + 2, // `at` is the newline before the entry's line
          col: 1,
          message: `invalid JSON in this entry: ${(error as Error).message}`,
          suggestion: "restore it from git (git checkout -- FILE) rather than editing by hand",
        },
      ],
      `${file} is not a valid lockfile`,
    );
  }
  const key = Object.keys(parsed)[0] as string;
  return [key, parsed[key] as LockEntry];
}

/** The second time `key` appears, at its line. */
function repeated(bytes: Buffer, key: string, file: string): DiagnosticsError {
  const line = Buffer.from(`\n    ${JSON.stringify(key)}: {`);
  const first = bytes.indexOf(line);
  const second = first === -1 ? -1 : bytes.indexOf(line, first + line.length);
  return new DiagnosticsError(
    [
      {
        severity: "error",
        file,
        line: lineAt(bytes, second === -1 ? first : second) + 2,
        col: 5,
        message: `entry ${JSON.stringify(key)} appears twice; only one can be kept, and a TaskId must not drop out unnoticed`,
        suggestion: "restore the conflicted merge with `git checkout -m FILE` and let reelform resolve it",
      },
    ],
    `${file} has an entry written twice`,
  );
}

function startsAt(bytes: Buffer, marker: Buffer, at: number): boolean {
  return bytes.subarray(at, at + marker.length).equals(marker);
}

/** `__proto__` and `constructor` are valid keys: the targets have no prototype, so each is an own property. */
function define(target: Record<string, LockEntry>, key: string, value: LockEntry): void {
  target[key] = value;
}

function lineAt(bytes: Buffer, offset: number): number {
  let lines = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) lines += 1;
  return lines;
}

function notCanonical(file: string, line: number): UserError {
  return new UserError(
    `${file}:${line + 1}: a lockfile this large (over ${ONE_STRING_BYTES / 1024 / 1024} MiB) is read entry by entry, as reelform writes it, and this one is laid out otherwise (edited or reformatted by hand?): restore it from git (git checkout -- FILE), or have a smaller campaign's reelform rewrite it`,
  );
}
