import { parseDurationMs } from "../util/duration.js";

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

/** Durations of the simulator's options: "200ms", "3s", "1.5m", "2h", "1d", "1m30s", or a bare number of ms. */
export function parseDuration(text: string): DurationResult {
  const ms = parseDurationMs(text, "ms");
  return ms === undefined
    ? { ok: false, error: `"${text}" is not a duration (examples: 200ms, 3s, 2m)` }
    : { ok: true, ms };
}

/** Answer delay: a fixed time, or a range picked uniformly per request. */
export type Latency = number | { minMs: number; maxMs: number };

export type LatencyResult = { ok: true; latency: Latency } | { ok: false; error: string };

/** "200ms", or a range "100ms-300ms" / "100-300ms" (the unit of the upper end applies to a bare lower end). */
export function parseLatency(text: string): LatencyResult {
  const parts = text.split("-");
  if (parts.length === 1) {
    const single = parseDuration(text);
    return single.ok ? { ok: true, latency: single.ms } : single;
  }
  if (parts.length !== 2) return { ok: false, error: `"${text}" is not a latency (examples: 200ms, 100ms-300ms)` };
  const [lowText = "", highText = ""] = parts;
  const unit = /[a-z]+\s*$/.exec(highText)?.[0] ?? "";
  const low = parseDuration(/[a-z]/.test(lowText) ? lowText : `${lowText}${unit}`);
  const high = parseDuration(highText);
  if (!low.ok) return low;
  if (!high.ok) return high;
  if (low.ms > high.ms) return { ok: false, error: `latency range "${text}" goes down` };
  return { ok: true, latency: { minMs: low.ms, maxMs: high.ms } };
}

export function pickLatency(latency: Latency, random: () => number): number {
  if (typeof latency === "number") return latency;
  return Math.round(latency.minMs + random() * (latency.maxMs - latency.minMs));
}
