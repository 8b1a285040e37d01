// --task-seconds 20-60: each task's time from creation to FINISH drawn uniformly from a range, from a
// seeded stream of its own (the same seed and order of creates give the same durations, and faults or ids
// do not shift them).
import type { Random } from "./prng.js";

export interface DurationRange {
  minMs: number;
  maxMs: number;
}

export function pickTaskDuration(fixedMs: number, range: DurationRange | undefined, random: Random): number {
  if (!range) return fixedMs;
  return Math.round(range.minMs + random() * (range.maxMs - range.minMs));
}

/** "20-60" (seconds) or "20s-1m" -> ms range; undefined when malformed. */
export function parseTaskSeconds(
  text: string,
  parseMs: (text: string) => number | undefined,
): DurationRange | undefined {
  const [low = "", high = "", ...rest] = text.split("-");
  if (rest.length > 0) return undefined;
  const withUnit = (part: string): string => (/[a-z]\s*$/i.test(part) ? part : `${part}s`);
  const minMs = parseMs(withUnit(low.trim()));
  const maxMs = high === "" ? minMs : parseMs(withUnit(high.trim()));
  if (minMs === undefined || maxMs === undefined || minMs > maxMs) return undefined;
  return { minMs, maxMs };
}
