// The bytes a lockfile was read from, kept (when the reader asks) so that a write that changes a few entries
// copies every other entry's bytes as they are instead of serialising 500,000 entries again. Only a file in
// the current format, laid out as the canonical writer lays it out (serialize.ts), is remembered: its
// unchanged entries' bytes are the bytes serialising them would give.
import { open } from "node:fs/promises";
import { LOCKFILE_FORMAT_VERSION, type Lockfile } from "./types.js";
import { ENTRIES, ENTRY_START, ENTRY_END, FILE_END } from "./layout.js";

const HEAD = Buffer.from(`{\n  "format_version": ${LOCKFILE_FORMAT_VERSION},\n  "campaign": `);

const sources = new WeakMap<Lockfile, Buffer>();

/** Remembers `bytes` as the source of `lockfile` when they are a canonical current-format file. */
export function rememberSource(lockfile: Lockfile, bytes: Buffer): void {
  if (bytes.subarray(0, HEAD.length).equals(HEAD) && bytes.subarray(bytes.length - FILE_END.length).equals(FILE_END))
    sources.set(lockfile, bytes);
}

const digests = new WeakMap<Lockfile, string>();

/** For a file whose bytes are not kept (format 1, another layout): the sha256 of what it was read from. */
export function rememberDigest(lockfile: Lockfile, sha256: string): void {
  digests.set(lockfile, sha256);
}

export function digestOf(lockfile: Lockfile): string | undefined {
  return digests.get(lockfile);
}

/** The bytes `lockfile` was read from, when they were remembered. */
export function sourceOf(lockfile: Lockfile): Buffer | undefined {
  return sources.get(lockfile);
}

/**
 * Each entry's bytes in the source, keyed by video key: from the line break before `    "KEY": {` to the
 * end of its closing `    }` (serialize.ts entryText without the comma). Undefined when the layout is not
 * the canonical one (then the caller serialises everything).
 */
export function entryBytes(source: Buffer): Map<string, Buffer> | undefined {
  const marker = source.subarray(0, 4096).indexOf(ENTRIES);
  if (marker === -1) return undefined;
  const entries = new Map<string, Buffer>();
  let at = marker + ENTRIES.length;
  while (source.subarray(at, at + ENTRY_START.length).equals(ENTRY_START)) {
    const end = source.indexOf(ENTRY_END, at + ENTRY_START.length);
    const keyEnd = source.indexOf('": {\n', at + ENTRY_START.length);
    if (end === -1 || keyEnd === -1 || keyEnd > end) return undefined;
    let key: unknown;
    try {
      key = JSON.parse(source.toString("utf8", at + ENTRY_START.length - 1, keyEnd + 1));
    } catch {
      return undefined;
    }
    if (typeof key !== "string" || entries.has(key)) return undefined;
    entries.set(key, source.subarray(at, end + ENTRY_END.length));
    at = end + ENTRY_END.length;
    if (source[at] === 0x2c) at += 1; // the comma between entries
  }
  return at === source.length - FILE_END.length ? entries : undefined;
}

/**
 * True when the file at `path` holds exactly `bytes` (read and compared 4 MiB at a time, never a second copy
 * in memory): the recorded set is still the one read, so a change can start from what was parsed then.
 */
export async function fileHoldsBytes(path: string, bytes: Buffer): Promise<boolean> {
  let file;
  try {
    file = await open(path, "r");
  } catch {
    return false;
  }
  try {
    if ((await file.stat()).size !== bytes.length) return false;
    const chunk = Buffer.alloc(Math.min(4 << 20, Math.max(1, bytes.length)));
    for (let offset = 0; offset < bytes.length;) {
      const { bytesRead } = await file.read(chunk, 0, chunk.length, offset);
      if (bytesRead === 0) return false;
      if (!chunk.subarray(0, bytesRead).equals(bytes.subarray(offset, offset + bytesRead))) return false;
      offset += bytesRead;
    }
    const extra = await file.read(chunk, 0, 1, bytes.length);
    return extra.bytesRead === 0;
  } finally {
    await file.close();
  }
}
