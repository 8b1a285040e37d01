// The one duration syntax of the command line: "500ms", "90s", "1.5m", "1h30m", "2d". A bare number has the
// unit its flag documents (seconds for --timeout, milliseconds for the simulator's delays).
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export type BareUnit = "ms" | "s";

/** Milliseconds (rounded), or undefined when `text` is not a duration. */
export function parseDurationMs(text: string, bareUnit: BareUnit): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * (UNIT_MS[bareUnit] as number));
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g)];
  if (
    parts.length === 0 ||
    parts
      .map((p) => p[0])
      .join("")
      .replace(/\s/g, "") !== trimmed.replace(/\s/g, "")
  )
    return undefined;
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] as string] as number), 0));
}

/**
 * 75_000 -> "1m15s", 3_900_000 -> "1h05m", 4_000 -> "4s": a duration for progress lines and ETAs. Rounded
 * to whole seconds first, so 59.5 s is "1m00s" and 119.5 s "2m00s" (never "60s" or "1m60s").
 */
export function formatDuration(ms: number): string {
  const total = Math.round(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  return m > 0 ? `${m}m${String(s).padStart(2, "0")}s` : `${s}s`;
}
