// The expansion cap, checked arithmetically before anything is enumerated: a 10^10-combination matrix
// fails at once instead of exhausting memory. Excludes are not subtracted (that would need enumeration);
// the bound is rows x (product of axes + includes) x takes.
import type { Diagnostic } from "../diagnostics.js";
import type { VideoSpec } from "../manifest/types.js";
import { matrixBound } from "./matrix.js";
import type { Locate } from "./sources.js";
import { maxOf } from "../util/arrays.js";

export const DEFAULT_MAX_REQUESTS = 10_000;

function videoBound(video: VideoSpec, rowCount: number | undefined): number {
  const combos = video.matrix ? matrixBound(video.matrix) : 1;
  return (rowCount ?? 1) * combos * maxTakes(video);
}

function maxTakes(video: VideoSpec): number {
  return Math.max(
    video.takes ?? 1,
    maxOf(video.matrix?.include ?? [], (entry) => (typeof entry.takes === "number" ? entry.takes : 1)) ?? 1,
  );
}

/** An error per video that alone exceeds the cap, or one for the manifest when their sum does. */
export function checkCap(
  videos: readonly VideoSpec[],
  rowCounts: ReadonlyMap<number, number>,
  max: number,
  locate: Locate,
  skip: ReadonlySet<number> = new Set(),
): Diagnostic[] {
  const bounds = videos.map((video, i) => (skip.has(i) ? 0 : videoBound(video, rowCounts.get(i))));
  const hint = `raise --max-requests (now ${max}) or narrow the matrix`;
  const over = bounds.flatMap((bound, i) => (bound > max ? [i] : []));
  if (over.length > 0) {
    return over.map((i) => ({
      severity: "error",
      ...locate(["videos", i]),
      message: `this video expands to up to ${formatCount(bounds[i] ?? 0)} requests, over the cap of ${max}`,
      suggestion: hint,
    }));
  }
  const total = bounds.reduce((a, b) => a + b, 0);
  if (total <= max) return [];
  return [
    {
      severity: "error",
      ...locate(["videos"]),
      message: `the manifest expands to up to ${formatCount(total)} requests, over the cap of ${max}`,
      suggestion: hint,
    },
  ];
}

function formatCount(n: number): string {
  return Number.isFinite(n) && n < 1e15 ? String(n) : n.toExponential(2);
}
