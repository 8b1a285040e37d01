// Times of a task as the lockfile (format 3) stores them: seconds after the whole second of the generation's
// submitted_at (`"finish_time": 61` is a minute and a second after it), instead of a 20–24 character ISO
// string. Only a time that such a number gives back exactly is written as one; any other stays a string.

/** The API's times: whole seconds, `2026-12-07T23:04:54Z`. */
const API_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** reelform's own clock (toISOString): milliseconds, `2026-12-07T23:04:54.761Z`. */
const CLOCK_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export type TimeForm = "api" | "clock";

/** The whole second of submitted_at in ms: what stored times count from; undefined when there is none to count from. */
export function timeBase(submittedAt: unknown): number | undefined {
  if (typeof submittedAt !== "string" || !CLOCK_TIME.test(submittedAt)) return undefined;
  const ms = Date.parse(submittedAt);
  if (!Number.isFinite(ms) || new Date(ms).toISOString() !== submittedAt) return undefined;
  return Math.floor(ms / 1000) * 1000;
}

/** The time as seconds after base, when that number gives it back exactly (else undefined: keep the string). */
export function secondsAfter(base: number, time: unknown, form: TimeForm): number | undefined {
  if (typeof time !== "string" || !(form === "api" ? API_TIME : CLOCK_TIME).test(time)) return undefined;
  const ms = Date.parse(time);
  if (!Number.isFinite(ms)) return undefined;
  const seconds = (ms - base) / 1000;
  return timeAt(base, seconds, form) === time ? seconds : undefined;
}

/** The ISO string a stored number of seconds after base stands for, in the field's form. */
export function timeAt(base: number, seconds: number, form: TimeForm): string {
  const iso = new Date(base + Math.round(seconds * 1000)).toISOString();
  return form === "api" ? `${iso.slice(0, 19)}Z` : iso;
}
