import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { clipFor, type ClipChoice } from "./output-clip.js";

/** Size of every simulated video: small enough for fast tests, big enough for Range and resume to matter. */
export const SIM_FILE_SIZE = 48 * 1024;

/** Small real H.264 clips made by scripts/make-sim-clips.sh (data/ is shipped with the package), by file name. */
const CLIP_DIR = new URL("../../data/sim-clips/", import.meta.url);
let clips: Map<string, Buffer> | undefined;

function clipsByName(): Map<string, Buffer> {
  clips ??= new Map(
    readdirSync(CLIP_DIR)
      .filter((name) => name.endsWith(".mp4"))
      .sort()
      .map((name) => [name, readFileSync(new URL(name, CLIP_DIR))]),
  );
  return clips;
}

export function simulatorClips(): Buffer[] {
  return [...clipsByName().values()];
}

/** Bytes of chained SHA-256 at the start of a file; the rest repeats them. */
const CHAINED_BYTES = 64 * 1024;

/**
 * The bytes of a task's output: the real, playable MP4 clip chosen for its request (`choice`, see
 * output-clip.ts; without one, a good 16:9 720p 5 s clip), then a top-level "free" box (players skip it) of
 * bytes derived from the task id by chained SHA-256 up to `size`, so the same task always yields the same
 * file, different tasks differ, and every file has the size downloads are tested with. A truncated choice
 * is the clip cut to 60% of its bytes, unpadded: a file whose container lists samples it does not hold.
 */
export function simulatedFile(
  taskId: string,
  size = SIM_FILE_SIZE,
  choice: ClipChoice = clipFor({}, undefined),
): Buffer {
  const seed = createHash("sha256").update(taskId).digest();
  const clip = clipsByName().get(choice.name) ?? (clipsByName().values().next().value as Buffer);
  if (choice.truncate) return Buffer.from(clip.subarray(0, Math.floor(clip.length * 0.6)));
  if (size < clip.length + 8) return clip;
  const out = Buffer.alloc(size);
  clip.copy(out, 0);
  out.writeUInt32BE(size - clip.length, clip.length);
  out.write("free", clip.length + 4, "latin1");
  let block = createHash("sha256").update(seed).digest();
  const start = clip.length + 8;
  const chained = Math.min(size, start + CHAINED_BYTES);
  for (let at = start; at < chained; at += block.length) {
    block.copy(out, at);
    block = createHash("sha256").update(block).digest();
  }
  // Large files (--file-size) repeat the chained bytes: hashing megabytes per request would cost the
  // simulator more CPU than the client it is measuring.
  for (let at = chained; at < size; at += CHAINED_BYTES)
    out.copy(out, at, start, Math.min(start + CHAINED_BYTES, start + size - at));
  return out;
}

export type RangeAnswer =
  { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

/**
 * Reads a Range header for a file of `size` bytes. One range is served (206); several, or a
 * header that is not a bytes range, are ignored (200 with everything), which RFC 9110 allows.
 */
export function resolveRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return { kind: "full" };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return { kind: "full" };
  const [, first = "", last = ""] = match;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end };
}
