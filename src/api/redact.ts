// Keeps the API key out of what reelform shows and writes when a gateway echoes it back. Redaction runs on
// strings after the answer was parsed and classified, never on the raw answer, so it cannot corrupt the
// data reelform reads (with the key "k", deleting every "k" from the raw text broke every TaskId).
import type { ApiErrorRecord } from "../lockfile/types.js";
import { keyedRecord } from "../util/objects.js";

/** Keys shorter than this are matched only as whole words: as substrings they would match ordinary text. */
const MIN_SUBSTRING_KEY_LENGTH = 8;

const REDACTED = "[redacted]";

export interface Redactor {
  /** The text with every form of the key replaced by `[redacted]`. */
  text(value: string): string;
  /** Whether the text holds the key in any form (only for keys long enough to tell). */
  finds(value: string): boolean;
}

/** The last redactor built: one key per run, and every request asks for it. */
let cached: { key: string; redactor: Redactor } | undefined;

/** Redaction of `key` as written, JSON-escaped (`/` as `\/` too, as PHP writes it) and URL-encoded. */
export function createRedactor(key: string): Redactor {
  if (cached?.key !== key) cached = { key, redactor: buildRedactor(key) };
  return cached.redactor;
}

/** A redactor of its own (createRedactor keeps one cached for the run's API key). */
export function buildRedactor(key: string): Redactor {
  if (key === "") return { text: (value) => value, finds: () => false };
  const long = key.length >= MIN_SUBSTRING_KEY_LENGTH;
  const pattern = keyPattern(keyForms(key), long);
  const probe = new RegExp(pattern.source);
  return {
    text: (value) => value.replace(pattern, REDACTED),
    finds: (value) => long && probe.test(value),
  };
}

/** One redactor for several secrets (Tencent's SecretId, SecretKey and session token). */
export function combinedRedactor(redactors: readonly Redactor[]): Redactor {
  return {
    text: (value) => redactors.reduce((text, redactor) => redactor.text(text), value),
    finds: (value) => redactors.some((redactor) => redactor.finds(value)),
  };
}

/**
 * An API error as shown and recorded: redacted, then bounded (a megabyte of message would fill the lockfile
 * and the log; bounding after redaction never leaves half a key behind).
 */
export function recordableError(error: ApiErrorRecord, redactor: Redactor): ApiErrorRecord {
  const out: ApiErrorRecord = {
    ...error,
    code: bounded(redactor.text(error.code), 200),
    message: bounded(redactor.text(error.message), 2000),
  };
  if (error.request_id !== undefined) out.request_id = bounded(redactor.text(error.request_id), 200);
  return out;
}

function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Every string inside a JSON-like value redacted (a task record before it is written). */
export function redactStrings<T>(value: T, redactor: Redactor): T {
  if (typeof value === "string") return redactor.text(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactStrings(item, redactor)) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = keyedRecord<unknown>();
  for (const [k, v] of Object.entries(value)) out[k] = redactStrings(v, redactor);
  return out as T;
}

function keyForms(key: string): string[] {
  const json = JSON.stringify(key).slice(1, -1);
  const encoded = encodeURIComponent(key);
  const forms = [
    key,
    json,
    json.replace(/\//g, "\\/"),
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    encoded.replace(/%20/g, "+"),
  ];
  // Longest first, so a form is never left half replaced by a shorter one.
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function keyPattern(forms: string[], substring: boolean): RegExp {
  const alternatives = forms.map((f) => f.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|");
  return substring
    ? new RegExp(alternatives, "g")
    : new RegExp(`(?<![A-Za-z0-9])(?:${alternatives})(?![A-Za-z0-9])`, "g");
}
