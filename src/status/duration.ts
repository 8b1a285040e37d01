import { UserError } from "../errors.js";
import { parseDurationMs } from "../util/duration.js";

/** "30m", "90s", "1h30m", "500ms", "1d", or a bare number of seconds -> milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const ms = parseDurationMs(text, "s");
  if (ms === undefined) throw new UserError(`${flag} must be a duration such as 30m, 90s or 1h30m, got "${text}"`);
  return ms;
}

export { formatDuration } from "../util/duration.js";
