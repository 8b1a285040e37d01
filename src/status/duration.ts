import { durationOrZero, parseSetting } from "../config/setting-kinds.js";

/** "30m", "90s", "1h30m", "500ms", "1d", or a bare number of seconds -> milliseconds. */
export function parseDuration(text: string, flag: string): number {
  return parseSetting(durationOrZero, flag, text);
}

export { formatDuration } from "../util/duration.js";
