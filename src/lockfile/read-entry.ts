// One entry of a lockfile without reading the rest (`reelform show` on a 500,000-entry lockfile). The
// canonical writer (serialize.ts) puts the entries in code-point order of their keys, each starting on a line
// `    "KEY": {` (the key as JSON) and ending on a line `    }`; no other line starts with four spaces and a
// quote. So the entry is found by bisecting the file's bytes, a few small reads, and only its text is parsed
// and validated, with the file's header, as a lockfile of one. The file is also scanned once, without
// parsing, for git conflict markers. Anything unexpected (another layout, conflict markers, the key twice,
// keys out of order around it, or not found) answers "full": the caller reads the whole file, which gives
// the usual diagnostics and suggestions.
import { open, type FileHandle } from "node:fs/promises";
import { compareCodePoints } from "./json-text.js";
import { parseLockfileText } from "./validate.js";
import type { LockEntry } from "./types.js";
import { ENTRIES, ENTRY_START, ENTRY_END, FILE_END } from "./layout.js";

const CHUNK = 4 * 1024 * 1024;
/** Bytes read at a time while bisecting: a key line and usually the next entry start fit. */
const PROBE = 16 * 1024;
const HEAD = Buffer.from('{\n  "format_version": ');
const CONFLICT = Buffer.from("<<<<<<<");
const NEWLINE = 0x0a;
const COMMA = 0x2c;

export type EntryRead =
  { kind: "found"; entry: LockEntry } | { kind: "missing"; keys: string[] } | { kind: "absent" } | { kind: "full" };

/**
 * The entry of `key` (validated); "absent" when the file does not exist; or "full" (read it whole). With
 * `keysIfMissing`, a file as reelform writes it without that key answers "missing" with every key of the
 * file (for a "did you mean"), read from the key lines in one pass, instead of "full".
 */
export async function readOneEntry(
  path: string,
  key: string,
  displayPath = path,
  chunkBytes = CHUNK,
  keysIfMissing = false,
): Promise<EntryRead> {
  let file;
  try {
    file = await open(path, "r");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? { kind: "absent" } : { kind: "full" };
  }
  try {
    const reader = new ByteReader(file, (await file.stat()).size, chunkBytes);
    const found = await findEntry(reader, key, displayPath);
    return found.kind === "missing" && !keysIfMissing ? FULL : found;
  } finally {
    await file.close();
  }
}

const FULL: EntryRead = { kind: "full" };

async function findEntry(reader: ByteReader, key: string, displayPath: string): Promise<EntryRead> {
  const head = await reader.bytes(0, Math.min(reader.size, 4096));
  const marker = head.indexOf(ENTRIES);
  if (head.indexOf(HEAD) !== 0 || marker === -1) return FULL;
  const first = marker + ENTRIES.length; // the newline before the first entry's key line
  const last = reader.size - FILE_END.length; // the newline before the entries' closing brace
  if (last < first || !(await reader.bytes(last, reader.size)).equals(FILE_END)) return FULL;
  if (await reader.hasAtLineStart(CONFLICT)) return FULL;
  const at = await bisect(reader, key, first, last);
  if (at === "not there") {
    // Every key line, in one pass: in strict order and without this key, the file does not have it.
    const keys = await reader.keyLines();
    return keys && !keys.includes(key) ? { kind: "missing", keys } : FULL;
  }
  const entry = at && (await entryAt(reader, at, key, { first, last, head, displayPath }));
  return entry ? { kind: "found", entry } : FULL;
}

async function entryAt(
  reader: ByteReader,
  at: KeyLine,
  key: string,
  file: { first: number; last: number; head: Buffer; displayPath: string },
): Promise<LockEntry | undefined> {
  const { first, last, head, displayPath } = file;
  const end = await reader.indexOf(ENTRY_END, at.start + ENTRY_START.length, last + 1);
  if (end === -1) return undefined;
  const after = end + ENTRY_END.length;
  // What follows is the next entry (its key after this one) or the end of the entries; before it, the entry
  // before (its key before this one) or the start: a key written twice sits next to itself.
  if (after !== last) {
    if ((await reader.byteAt(after)) !== COMMA) return undefined;
    const next = await keyLineAt(reader, after + 1, last);
    if (!next || next.start !== after + 1 || compareCodePoints(next.key, key) <= 0) return undefined;
  }
  if (at.start !== first) {
    if ((await reader.byteAt(at.start - 1)) !== COMMA) return undefined;
    const previous = await keyLineBefore(reader, at.start, first);
    if (previous === undefined || compareCodePoints(previous.key, key) >= 0) return undefined;
  }
  const entryText = (await reader.bytes(at.start + 1, after)).toString("utf8");
  // The header (format version, campaign) with only this entry: validated as a lockfile of one.
  const header = head.subarray(0, first).toString("utf8");
  try {
    const one = parseLockfileText(`${header}\n${entryText}\n  }\n}\n`, displayPath);
    return Object.hasOwn(one.entries, key) ? one.entries[key] : undefined;
  } catch {
    return undefined;
  }
}

interface KeyLine {
  /** Offset of the newline that starts the key line. */
  start: number;
  key: string;
}

/**
 * Binary search over byte offsets for the entry of `key` (entries are in code-point order of their keys):
 * "not there" when the search ends without it, undefined when a line it met is not a key line.
 */
async function bisect(
  reader: ByteReader,
  key: string,
  first: number,
  last: number,
): Promise<KeyLine | "not there" | undefined> {
  let low = first;
  let high = last;
  while (low < high) {
    const mid = low + Math.floor((high - low) / 2);
    const line = await keyLineAt(reader, mid, high);
    if (line === null) return undefined; // a line that starts like a key line but is not one
    if (line === undefined) {
      high = mid; // no entry starts in [mid, high): the key, if any, starts before mid
      continue;
    }
    const order = compareCodePoints(line.key, key);
    if (order === 0) return line;
    if (order < 0) low = line.start + 1;
    else high = mid;
  }
  return "not there";
}

/** The first key line starting in [from, before); undefined when none; null when a line there is not one. */
async function keyLineAt(reader: ByteReader, from: number, before: number): Promise<KeyLine | undefined | null> {
  const start = await reader.indexOf(ENTRY_START, from, before + ENTRY_START.length - 1);
  if (start === -1 || start >= before) return undefined;
  return readKeyLine(reader, start);
}

/** The key line of the entry that ends just before `start` (searching back from it to `first`). */
async function keyLineBefore(reader: ByteReader, start: number, first: number): Promise<KeyLine | undefined> {
  const previous = await reader.lastIndexOf(ENTRY_START, first, start);
  if (previous === -1) return undefined;
  return (await readKeyLine(reader, previous)) ?? undefined;
}

/** `\n    "KEY": {\n`: the key, or null when the line is not exactly that. */
async function readKeyLine(reader: ByteReader, start: number): Promise<KeyLine | null> {
  const lineEnd = await reader.indexOf(Buffer.of(NEWLINE), start + 1, reader.size);
  if (lineEnd === -1) return null;
  const key = parseKeyLine(await reader.bytes(start + 5, lineEnd)); // from the key's opening quote
  return key === null ? null : { start, key };
}

/** `"KEY": {` (a key line from its opening quote, without its newline) -> the key, or null. */
function parseKeyLine(bytes: Buffer): string | null {
  const line = bytes.toString("utf8");
  if (!line.endsWith('": {')) return null;
  try {
    const key: unknown = JSON.parse(line.slice(0, -3));
    return typeof key === "string" ? key : null;
  } catch {
    return null;
  }
}

/** Reads of a file's byte ranges, chunk by chunk, with the last chunk kept for the next small read. */
class ByteReader {
  private cached = Buffer.alloc(0);
  private cachedAt = 0;

  constructor(
    private readonly file: FileHandle,
    readonly size: number,
    private readonly chunkBytes: number,
  ) {}

  async bytes(from: number, to: number): Promise<Buffer> {
    if (from >= this.cachedAt && to <= this.cachedAt + this.cached.length)
      return this.cached.subarray(from - this.cachedAt, to - this.cachedAt);
    const length = Math.max(0, Math.min(to, this.size) - from);
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.file.read(buffer, 0, length, from);
    this.cached = buffer.subarray(0, bytesRead);
    this.cachedAt = from;
    return this.cached;
  }

  async byteAt(at: number): Promise<number | undefined> {
    return (await this.bytes(at, at + 1))[0];
  }

  /** First offset of `needle` starting in [from, to - needle.length], or -1. */
  async indexOf(needle: Buffer, from: number, to: number): Promise<number> {
    const step = Math.max(Math.min(this.chunkBytes, PROBE), needle.length * 2);
    for (let at = from; at + needle.length <= Math.min(to, this.size); at += step - needle.length + 1) {
      const window = await this.bytes(at, Math.min(at + step, to, this.size));
      const found = window.indexOf(needle);
      if (found !== -1) return at + found;
    }
    return -1;
  }

  /** Last offset of `needle` starting in [from, before), or -1. */
  async lastIndexOf(needle: Buffer, from: number, before: number): Promise<number> {
    const step = Math.max(Math.min(this.chunkBytes, PROBE), needle.length * 2);
    for (let end = before + needle.length - 1; end > from; end -= step - needle.length + 1) {
      const start = Math.max(from, end - step);
      const window = await this.bytes(start, end);
      const found = window.lastIndexOf(needle);
      if (found !== -1 && start + found < before) return start + found;
    }
    return -1;
  }

  /**
   * Whether `needle` occurs at the start of a line anywhere in the file: one pass, chunk by chunk, in one
   * reused buffer. Consecutive chunks overlap by the needle and the byte before it.
   */
  async hasAtLineStart(needle: Buffer): Promise<boolean> {
    const step = Math.max(this.chunkBytes, needle.length * 2 + 2);
    const buffer = Buffer.allocUnsafe(Math.min(step, this.size));
    for (let at = 0; at < this.size; at += step - needle.length - 1) {
      const { bytesRead } = await this.file.read(buffer, 0, Math.min(step, this.size - at), at);
      const window = buffer.subarray(0, bytesRead);
      for (let found = window.indexOf(needle); found !== -1; found = window.indexOf(needle, found + 1))
        if (found === 0 ? at === 0 : window[found - 1] === NEWLINE) return true;
      if (at + bytesRead >= this.size) break;
    }
    return false;
  }

  /** Every key line's key in file order, in one pass; undefined when one is not a key line or out of order. */
  async keyLines(): Promise<string[] | undefined> {
    const keys: string[] = [];
    const buffer = Buffer.allocUnsafe(Math.max(this.chunkBytes, 256));
    let carried = Buffer.alloc(0); // the start of a line cut by the chunk's end
    for (let at = 0; at < this.size;) {
      const { bytesRead } = await this.file.read(buffer, 0, Math.min(buffer.length, this.size - at), at);
      at += bytesRead;
      const window = carried.length > 0 ? Buffer.concat([carried, buffer.subarray(0, bytesRead)]) : buffer;
      const length = carried.length + bytesRead;
      let from = 0;
      for (let found = window.indexOf(ENTRY_START, from); found !== -1 && found < length;) {
        const lineEnd = window.indexOf(NEWLINE, found + 1);
        if (lineEnd === -1 || lineEnd >= length) break;
        const key = parseKeyLine(window.subarray(found + 5, lineEnd));
        const previous = keys[keys.length - 1];
        if (key === null || (previous !== undefined && compareCodePoints(previous, key) >= 0)) return undefined;
        keys.push(key);
        from = lineEnd;
        found = window.indexOf(ENTRY_START, from);
      }
      // Keep from the last newline on: a key line cut by the chunk's end is read whole next time.
      const keep = window.lastIndexOf(NEWLINE, length - 1);
      carried = Buffer.from(window.subarray(Math.max(keep, from), length));
    }
    return keys;
  }
}
