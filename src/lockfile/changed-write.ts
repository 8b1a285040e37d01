// The follower's write (issue 24): a round changes a few hundred entries of a lockfile of 100,000. Only those
// are serialised; the bytes between them are copied from the bytes last read or written (kept with the
// lockfile, source-bytes.ts), a few megabytes at a time with a turn of the event loop between, into the
// new file's bytes, which are then written atomically and kept as the lockfile's source for the next round.
// The result is byte for byte what serialising the whole lockfile gives (test/lockfile/source-bytes.test.ts).
import { TimeSlice } from "../util/time-slice.js";
import { writeFileAtomic } from "./atomic-write.js";
import { head, serializeEntry } from "./serialize.js";
import { rememberIndex, sourceIndex, type SourceIndex } from "./source-index.js";
import { rememberSource, sourceOf } from "./source-bytes.js";
import type { Lockfile } from "./types.js";

/** Bytes copied between two looks at the clock. */
const COPY_STEP = 4 << 20;

/**
 * Writes `lockfile` atomically when only the `changed` entries may differ from its kept source, none of them
 * added or removed; keeps the bytes written as its new source. False (nothing written) when that cannot be
 * done: no source, a changed key added or removed, another campaign; the caller then serialises every entry.
 * The caller's promise (LockfileStore.update) is that no other entry was changed, added or removed: the
 * other keys are not listed again (Object.keys of 100,000 entries is one call of tens of milliseconds).
 */
export async function writeChangedEntries(
  path: string,
  lockfile: Lockfile,
  changed: ReadonlySet<string>,
  slice: TimeSlice = new TimeSlice(),
): Promise<boolean> {
  const source = sourceOf(lockfile);
  const index = source && (await sourceIndex(source, slice));
  if (!source || !index) return false;
  const first = index.starts[0] as number;
  if (!source.subarray(0, first).equals(Buffer.from(head(lockfile, index.keys.length)))) return false;
  const positions: number[] = [];
  for (const key of changed) {
    const at = index.position.get(key);
    if ((at !== undefined) !== Object.hasOwn(lockfile.entries, key)) return false; // added or removed
    if (at !== undefined) positions.push(at);
  }
  positions.sort((a, b) => a - b);
  const texts: Buffer[] = [];
  for (const at of positions) {
    texts.push(Buffer.from(serializeEntry(lockfile, index.keys[at] as string), "utf8"));
    if (slice.due()) await slice.pause();
  }
  const next = await spliced(
    source,
    index,
    positions,
    texts,
    targetFor(lockfile, source, index, positions, texts),
    slice,
  );
  await writeFileAtomic(path, next.bytes);
  rememberSource(lockfile, next.bytes);
  rememberIndex(next.bytes, next.index);
  // The bytes replaced become the next write's target: two buffers, used in turn, instead of a new 150 MB one
  // each round (whose external memory made V8 collect the whole heap, pauses of 150-370 ms at 100,000 tasks).
  if (owned.has(source.buffer)) spares.set(lockfile, source.buffer as ArrayBuffer);
  return true;
}

/** Memory this module allocated for a lockfile's bytes (never Node's shared pool): safe to write over. */
const owned = new WeakSet<ArrayBufferLike>();
/** Per lockfile, the memory of the bytes the last write replaced: the next write's target. */
const spares = new WeakMap<Lockfile, ArrayBuffer>();

/** Room for the new bytes: the spare when it is large enough, else new memory with an eighth to spare. */
function targetFor(
  lockfile: Lockfile,
  source: Buffer,
  index: SourceIndex,
  positions: readonly number[],
  texts: readonly Buffer[],
): Buffer {
  let size = source.length;
  positions.forEach((at, i) => {
    size += (texts[i] as Buffer).length - ((index.ends[at] as number) - (index.starts[at] as number));
  });
  const spare = spares.get(lockfile);
  spares.delete(lockfile);
  if (spare && spare.byteLength >= size) return Buffer.from(spare, 0, size);
  const memory = Buffer.allocUnsafeSlow(size + Math.max(1 << 20, size >> 3));
  owned.add(memory.buffer);
  return memory.subarray(0, size);
}

/** The source with the entries at `positions` (ascending) replaced by `texts`, into `bytes`; the new offsets. */
async function spliced(
  source: Buffer,
  index: SourceIndex,
  positions: readonly number[],
  texts: readonly Buffer[],
  bytes: Buffer,
  slice: TimeSlice,
): Promise<{ bytes: Buffer; index: SourceIndex }> {
  const { starts, ends } = index;
  let from = 0; // in the source
  let to = 0; // in the new bytes
  for (const [i, at] of positions.entries()) {
    to = await copy(source, from, starts[at] as number, bytes, to, slice);
    to += (texts[i] as Buffer).copy(bytes, to);
    from = ends[at] as number;
  }
  await copy(source, from, source.length, bytes, to, slice);
  return { bytes, index: { ...index, ...(await shifted(index, positions, texts, slice)) } };
}

/** Copies source[from, end) to target at `to`, a few megabytes at a time; returns where the copy ended. */
async function copy(source: Buffer, from: number, end: number, target: Buffer, to: number, slice: TimeSlice) {
  for (let at = from; at < end; at += COPY_STEP) {
    to += source.copy(target, to, at, Math.min(end, at + COPY_STEP));
    if (slice.due()) await slice.pause();
  }
  return to;
}

/** Each entry's offsets once the entries at `positions` have the lengths of `texts`. */
async function shifted(
  index: SourceIndex,
  positions: readonly number[],
  texts: readonly Buffer[],
  slice: TimeSlice,
): Promise<{ starts: Float64Array; ends: Float64Array }> {
  const starts = new Float64Array(index.starts.length);
  const ends = new Float64Array(index.ends.length);
  let shift = 0;
  let next = 0; // the next changed position's place in `positions`
  for (let at = 0; at < starts.length; at += 1) {
    const start = (index.starts[at] as number) + shift;
    starts[at] = start;
    if (positions[next] === at) {
      const length = (texts[next] as Buffer).length;
      shift += length - ((index.ends[at] as number) - (index.starts[at] as number));
      ends[at] = start + length;
      next += 1;
    } else ends[at] = (index.ends[at] as number) + shift;
    if ((at & 0xfff) === 0 && slice.due()) await slice.pause();
  }
  return { starts, ends };
}
