import { UserError } from "../errors.js";
import { parseDurationMs } from "../util/duration.js";

/** "30m", "90s", "1h30m", "500ms", "1d", or a bare number of seconds -> milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const ms = parseDurationMs(text, "s");
  if (ms === undefined) throw new UserError(`${flag} must be a duration such as 30m, 90s or 1h30m, got "${text}"`);
  return ms;
}

/** 75_000 -> "1m15s"; for progress lines. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  return m > 0 ? `${m}m${String(s).padStart(2, "0")}s` : `${s}s`;
}
