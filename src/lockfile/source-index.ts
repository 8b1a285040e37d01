// Where each entry lies in a kept source (source-bytes.ts): its start and end offsets, in file order, which is
// the canonical key order. Found once, in time slices; a write of a few changed entries then copies the bytes
// between them as they are and shifts the offsets (changed-write.ts) instead of scanning the file again.
import { TimeSlice } from "../util/time-slice.js";
import { compareCodePoints } from "./json-text.js";
import { ENTRIES, ENTRY_START, ENTRY_END, FILE_END } from "./layout.js";

export interface SourceIndex {
  /** Keys in file order: strictly increasing code-point order, as serialize.ts writes them. */
  readonly keys: readonly string[];
  readonly position: ReadonlyMap<string, number>;
  /** Offset of the line break before each entry's key, and just past its closing `    }` (the comma excluded). */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
}

const KEY_END = Buffer.from('": {\n');

const indexes = new WeakMap<Buffer, SourceIndex>();

/** Kept beside the bytes it describes (a write that made new bytes knows their index without a scan). */
export function rememberIndex(source: Buffer, index: SourceIndex): void {
  indexes.set(source, index);
}

/**
 * The index of `source`, found now (giving the event loop a turn every few milliseconds) or remembered.
 * Undefined when the bytes are not laid out as the canonical writer lays them out, keys in its order, with
 * at least one entry: then the caller serialises the whole lockfile.
 */
export async function sourceIndex(
  source: Buffer,
  slice: TimeSlice = new TimeSlice(),
): Promise<SourceIndex | undefined> {
  const known = indexes.get(source);
  if (known) return known;
  const marker = source.subarray(0, 4096).indexOf(ENTRIES);
  if (marker === -1) return undefined;
  const keys: string[] = [];
  const position = new Map<string, number>();
  const starts: number[] = [];
  const ends: number[] = [];
  let at = marker + ENTRIES.length;
  while (startsWith(source, ENTRY_START, at)) {
    const keyEnd = source.indexOf(KEY_END, at + ENTRY_START.length);
    const end = source.indexOf(ENTRY_END, keyEnd + KEY_END.length - 1);
    if (keyEnd === -1 || end === -1) return undefined;
    const key = parseKey(source.toString("utf8", at + ENTRY_START.length - 1, keyEnd + 1));
    const previous = keys.at(-1);
    if (key === undefined || (previous !== undefined && compareCodePoints(previous, key) >= 0)) return undefined;
    position.set(key, keys.length);
    keys.push(key);
    starts.push(at);
    ends.push(end + ENTRY_END.length);
    at = end + ENTRY_END.length;
    if (source[at] === 0x2c) at += 1; // the comma between entries
    if (slice.due()) await slice.pause();
  }
  if (keys.length === 0 || at !== source.length - FILE_END.length || !startsWith(source, FILE_END, at))
    return undefined;
  const index = { keys, position, starts: Float64Array.from(starts), ends: Float64Array.from(ends) };
  indexes.set(source, index);
  return index;
}

function parseKey(text: string): string | undefined {
  try {
    const key: unknown = JSON.parse(text);
    return typeof key === "string" ? key : undefined;
  } catch {
    return undefined;
  }
}

function startsWith(bytes: Buffer, marker: Buffer, at: number): boolean {
  return bytes.subarray(at, at + marker.length).equals(marker);
}
