// One entry of a lockfile without parsing the rest (`reelform show` on a 500,000-entry lockfile): the file
// is scanned in chunks for the entry's key line as the canonical writer puts it (serialize.ts: 4 spaces,
// the key as JSON, `: {`), and only that entry's text is parsed and validated. Anything unexpected (another
// layout, conflict markers, the key twice or not at all) answers "full": the caller reads the whole file,
// which gives the usual diagnostics and suggestions.
import { open, type FileHandle } from "node:fs/promises";
import { parseLockfileText } from "./validate.js";
import type { LockEntry } from "./types.js";

const CHUNK = 4 * 1024 * 1024;
const HEAD = Buffer.from('{\n  "format_version": ');
const ENTRIES = Buffer.from('\n  "entries": {');
const CONFLICT = Buffer.from("\n<<<<<<<");
const ENTRY_END = Buffer.from("\n    }");

export type EntryRead = { kind: "found"; entry: LockEntry } | { kind: "absent" } | { kind: "full" };

/** The entry of `key` (validated), "absent" when the file does not exist, or "full" (read it whole). */
export async function readOneEntry(
  path: string,
  key: string,
  displayPath = path,
  chunkBytes = CHUNK,
): Promise<EntryRead> {
  let file;
  try {
    file = await open(path, "r");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? { kind: "absent" } : { kind: "full" };
  }
  try {
    const found = await scan(file, Buffer.from(`\n    ${JSON.stringify(key)}: {`), displayPath, chunkBytes);
    return found ?? { kind: "full" };
  } finally {
    await file.close();
  }
}

async function scan(
  file: FileHandle,
  needle: Buffer,
  displayPath: string,
  chunkBytes: number,
): Promise<EntryRead | undefined> {
  const start = Buffer.alloc(4096);
  const head = start.subarray(0, (await file.read(start, 0, start.length, 0)).bytesRead);
  let tail = Buffer.alloc(0);
  let offset = 0; // file offset of tail[0]
  let entryStart = -1; // file offset of the needle's first byte
  let entryText: Buffer | undefined;
  const buffer = Buffer.alloc(chunkBytes);
  for (;;) {
    const { bytesRead } = await file.read(buffer, 0, chunkBytes, offset + tail.length);
    if (bytesRead === 0) break;
    const window = Buffer.concat([tail, buffer.subarray(0, bytesRead)]);
    if (window.indexOf(CONFLICT) !== -1) return undefined;
    for (let at = window.indexOf(needle); at !== -1; at = window.indexOf(needle, at + 1)) {
      if (entryStart !== -1 && offset + at !== entryStart) return undefined; // the key twice: let the full read say so
      entryStart = offset + at;
    }
    if (entryStart !== -1 && entryText === undefined) {
      const from = entryStart - offset;
      const end = window.indexOf(ENTRY_END, from + needle.length);
      if (end !== -1) entryText = Buffer.from(window.subarray(from + 1, end + ENTRY_END.length));
    }
    // Keep enough of the window that a needle or an entry cut by the chunk boundary is found next time.
    const keep =
      entryStart !== -1 && entryText === undefined
        ? window.length - (entryStart - offset)
        : Math.min(window.length, needle.length + CONFLICT.length);
    offset += window.length - keep;
    tail = Buffer.from(window.subarray(window.length - keep));
  }
  if (head.indexOf(HEAD) !== 0 || head.indexOf(ENTRIES) === -1 || entryText === undefined) return undefined;
  // The header (format version, campaign) with only this entry: validated as a lockfile of one.
  const header = head.subarray(0, head.indexOf(ENTRIES) + ENTRIES.length).toString("utf8");
  try {
    const one = parseLockfileText(`${header}\n${entryText.toString("utf8")}\n  }\n}\n`, displayPath);
    const entry = Object.values(one.entries)[0];
    return entry ? { kind: "found", entry } : undefined;
  } catch {
    return undefined;
  }
}
