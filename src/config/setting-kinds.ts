// One parser per kind of setting value (whole number, rate, milliseconds, duration, size, choice, text), and
// the one shape of the error a bad value gets: `SETTING must be WHAT IS ACCEPTED, got "VALUE"` (the value left
// out for secrets and URLs, which may hold a password). The text a parser sees is already trimmed.
import { UserError } from "../errors.js";
import { parseDurationMs } from "../util/duration.js";

export interface SettingKind<T> {
  /** What is accepted, as the error message and the docs say it: "a whole number of at least 1". */
  readonly accepted: string;
  /** The value, or undefined when `text` is not one. */
  parse(text: string): T | undefined;
}

/** The error for a bad value of a setting (a flag such as `--rate` or a variable such as `REELFORM_RATE`). */
export function badSettingValue(setting: string, accepted: string, value: string | undefined): UserError {
  return new UserError(
    value === undefined
      ? `${setting} must be ${accepted} (the value is not shown)`
      : `${setting} must be ${accepted}, got "${value}"`,
  );
}

/** `text` parsed as `kind`, or the one error naming `setting` (`shown: false` keeps the value out of it). */
export function parseSetting<T>(kind: SettingKind<T>, setting: string, text: string, shown = true): T {
  const value = kind.parse(text.trim());
  if (value === undefined) throw badSettingValue(setting, kind.accepted, shown ? text : undefined);
  return value;
}

/** A finite number as JavaScript reads it (`Number`), but never from empty text (which Number reads as 0). */
const numeric = (text: string): number | undefined => {
  const n = text === "" ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
};

export function wholeNumber(
  min: number,
  accepted = `a whole number of at least ${min}`,
  max = Number.POSITIVE_INFINITY,
): SettingKind<number> {
  return {
    accepted,
    parse: (text) => {
      const n = numeric(text);
      return n !== undefined && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
    },
  };
}

/** A number ≥ `min` (rates: 0 means unlimited). */
export function atLeast(min: number, accepted = `a number of at least ${min}`): SettingKind<number> {
  return {
    accepted,
    parse: (text) => {
      const n = numeric(text);
      return n !== undefined && n >= min ? n : undefined;
    },
  };
}

export const milliseconds: SettingKind<number> = {
  accepted: "a number of milliseconds greater than 0",
  parse: (text) => {
    const n = numeric(text);
    return n !== undefined && n > 0 ? n : undefined;
  },
};

/** "30m", "90s", "1h30m", "500ms", "1d"; a bare number is seconds. Milliseconds, greater than 0. */
export const duration: SettingKind<number> = {
  accepted: "a duration such as 30m, 90s or 1h30m",
  parse: (text) => {
    const ms = parseDurationMs(text, "s");
    return ms !== undefined && ms > 0 ? ms : undefined;
  },
};

/** As `duration`, 0 allowed (`--timeout 0`). */
export const durationOrZero: SettingKind<number> = {
  accepted: duration.accepted,
  parse: (text) => parseDurationMs(text, "s"),
};

const BYTE_UNITS: ReadonlyMap<string, number> = new Map([
  ["", 1],
  ["b", 1],
  ["kb", 1e3],
  ["mb", 1e6],
  ["gb", 1e9],
  ["tb", 1e12],
  ["kib", 1024],
  ["mib", 1024 ** 2],
  ["gib", 1024 ** 3],
  ["tib", 1024 ** 4],
]);

/** "2GiB", "500 MB", "1048576" -> bytes (whole number ≥ 1). */
export const byteSize: SettingKind<number> = {
  accepted: "a size such as 2GiB, 500MB or a number of bytes",
  parse: (text) => {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
    const unit = BYTE_UNITS.get(match?.[2]?.toLowerCase() ?? "?");
    const bytes = match && unit ? Math.floor(Number(match[1]) * unit) : NaN;
    return Number.isSafeInteger(bytes) && bytes >= 1 ? bytes : undefined;
  },
};

export function oneOf<const V extends string>(values: readonly V[]): SettingKind<V> {
  return {
    accepted: `one of ${values.join(", ")}`,
    parse: (text) => (values as readonly string[]).find((v) => v === text) as V | undefined,
  };
}

/** Any text (checked further by the module that uses it, e.g. a URL). */
export function text(accepted = "text"): SettingKind<string> {
  return { accepted, parse: (value) => value };
}
