// pull's limits per file: a size cap and an overall deadline (besides the 60 s idle timeout), from the flags,
// else the environment, else the defaults. A hostile or broken file host can then neither fill the disk nor
// keep pull running forever.
import { UserError } from "../errors.js";
import { parseDurationMs } from "../util/duration.js";
import { DEFAULT_FILE_TIMEOUT_MS, DEFAULT_MAX_FILE_BYTES } from "./download.js";

export interface PullLimitFlags {
  maxFileSize?: string;
  fileTimeout?: string;
}

const UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

export function resolvePullLimits(
  flags: PullLimitFlags,
  env: Readonly<Record<string, string | undefined>>,
): { maxFileBytes: number; fileTimeoutMs: number } {
  const size = pick(
    flags.maxFileSize,
    "--max-file-size",
    env.REELFORM_PULL_MAX_FILE_SIZE,
    "REELFORM_PULL_MAX_FILE_SIZE",
  );
  const time = pick(flags.fileTimeout, "--file-timeout", env.REELFORM_PULL_FILE_TIMEOUT, "REELFORM_PULL_FILE_TIMEOUT");
  return {
    maxFileBytes: size ? parseByteSize(size.text, size.name) : DEFAULT_MAX_FILE_BYTES,
    fileTimeoutMs: time ? parseTimeout(time.text, time.name) : DEFAULT_FILE_TIMEOUT_MS,
  };
}

/** "2GiB", "500 MB", "1048576" -> bytes (whole number ≥ 1). */
export function parseByteSize(text: string, name: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[match?.[2]?.toLowerCase() ?? "?"];
  const bytes = match && unit ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1)
    throw new UserError(`${name} must be a size such as 2GiB, 500MB or a number of bytes, got "${text}"`);
  return bytes;
}

function parseTimeout(text: string, name: string): number {
  const ms = parseDurationMs(text, "s");
  if (ms === undefined || ms <= 0)
    throw new UserError(`${name} must be a duration such as 30m, 90s or 1h30m, got "${text}"`);
  return ms;
}

function pick(
  flag: string | undefined,
  flagName: string,
  envValue: string | undefined,
  envName: string,
): { text: string; name: string } | undefined {
  if (flag !== undefined) return { text: flag, name: flagName };
  return envValue ? { text: envValue, name: envName } : undefined;
}
