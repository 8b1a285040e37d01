import type { ApplyEvent } from "../apply/events.js";
import { safeJson } from "../util/safe-text.js";

/** --json: one JSON object per line, `event` first, then `time` (ISO 8601), then the event's fields. */
export function formatEventJson(event: ApplyEvent | { event: string; [field: string]: unknown }, now: number): string {
  const { event: name, ...fields } = event;
  return `${safeJson(JSON.stringify({ event: name, time: new Date(now).toISOString(), ...fields }))}\n`;
}
