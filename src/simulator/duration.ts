/** Durations on the command line and in options: "200ms", "3s", "1.5m", "2h", "1d", or a bare number of ms. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

export function parseDuration(text: string): DurationResult {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return { ok: false, error: `"${text}" is not a duration (examples: 200ms, 3s, 2m)` };
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? "ms"] ?? 1);
  return { ok: true, ms: Math.round(ms) };
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
