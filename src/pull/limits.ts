// pull's limits per file: a size cap and an overall deadline (besides the 60 s idle timeout), from the flags,
// else the environment, else the defaults (config/settings.ts). A hostile or broken file host can then neither
// fill the disk nor keep pull running forever.
import { PULL_FILE_TIMEOUT, PULL_MAX_FILE_SIZE, settingValue, type EnvSource } from "../config/settings.js";

export interface PullLimitFlags {
  maxFileSize?: string;
  fileTimeout?: string;
}

/** `env`: the command's resolved settings (CommandContext.settings). */
export function resolvePullLimits(
  flags: PullLimitFlags,
  env: EnvSource,
): { maxFileBytes: number; fileTimeoutMs: number } {
  return {
    maxFileBytes: settingValue(PULL_MAX_FILE_SIZE, { flagText: flags.maxFileSize, env }),
    fileTimeoutMs: settingValue(PULL_FILE_TIMEOUT, { flagText: flags.fileTimeout, env }),
  };
}
