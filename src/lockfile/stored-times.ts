// Times of a task as the lockfile (format 3) stores them: seconds after the whole second of the generation's
// submitted_at (`"finish_time": 61` is a minute and a second after it), instead of a 20–24 character ISO
// string. Only a time that such a number gives back exactly is written as one; any other stays a string.
import { flatString } from "../util/flat-string.js";

/** The API's times: whole seconds, `2026-12-07T23:04:54Z`. */
const API_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** reelform's own clock (toISOString): milliseconds, `2026-12-07T23:04:54.761Z`. */
const CLOCK_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export type TimeForm = "api" | "clock";

const DAY_MS = 86_400_000;
/** The last submitted_at read and its base: the entries of one apply share it (hundreds of thousands of reads). */
let lastSubmittedAt = "";
let lastBase: number | undefined;

/**
 * The whole second of submitted_at in ms: what stored times count from; undefined when there is none to count
 * from. The same string always gives the same base, which is all exactness needs (secondsAfter checks each time).
 */
export function timeBase(submittedAt: unknown): number | undefined {
  if (typeof submittedAt !== "string") return undefined;
  if (submittedAt === lastSubmittedAt) return lastBase;
  const ms = CLOCK_TIME.test(submittedAt) ? Date.parse(submittedAt) : NaN;
  lastSubmittedAt = submittedAt;
  lastBase = Number.isFinite(ms) ? Math.floor(ms / 1000) * 1000 : undefined;
  return lastBase;
}

/** The time as seconds after base, when that number gives it back exactly (else undefined: keep the string). */
export function secondsAfter(base: number, time: unknown, form: TimeForm): number | undefined {
  if (typeof time !== "string" || !(form === "api" ? API_TIME : CLOCK_TIME).test(time)) return undefined;
  const ms = Date.parse(time);
  if (!Number.isFinite(ms)) return undefined;
  const seconds = (ms - base) / 1000;
  return timeAt(base, seconds, form) === time ? seconds : undefined;
}

let cachedDay = NaN;
let cachedDayPrefix = "";

/**
 * The ISO string a stored number of seconds after base stands for, in the field's form: toISOString's
 * characters, with the date part made once per day (a campaign's times share a few days; this runs for every
 * time of every entry read).
 */
export function timeAt(base: number, seconds: number, form: TimeForm): string {
  const ms = base + Math.round(seconds * 1000);
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, -13); // "2026-12-07T"
    cachedDay = day;
  }
  const inDay = ms - day * DAY_MS;
  const clock = `${cachedDayPrefix}${TWO[Math.floor(inDay / 3_600_000)]}:${TWO[Math.floor(inDay / 60_000) % 60]}:${TWO[Math.floor(inDay / 1000) % 60]}`;
  return flatString(form === "api" ? `${clock}Z` : `${clock}.${THREE[inDay % 1000]}Z`);
}

/** "00".."99" and "000".."999": the digits of a time, made once. */
const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));
const THREE = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));
