import { PARALLELISM, RATE, settingValue, type EnvSource } from "../config/settings.js";

export interface RunSettings {
  /** Requests in flight at once. */
  parallelism: number;
  /** Requests started per second; 0 = unlimited. */
  rate: number;
}

/** The upstream create endpoint allows 20 requests per second per account (docs/api.md). */
export const DEFAULT_RUN_SETTINGS: RunSettings = { parallelism: PARALLELISM.defaultValue, rate: RATE.defaultValue };

type Partial2 = { parallelism?: number; rate?: number };

/**
 * Defaults < manifest (`apply: {parallelism, rate}`) < environment (REELFORM_PARALLELISM, REELFORM_RATE) < flags.
 * `env`: the command's resolved settings (CommandContext.settings).
 */
export function resolveRunSettings(sources: { manifest?: Partial2; env: EnvSource; flags?: Partial2 }): RunSettings {
  const { env, manifest, flags } = sources;
  return {
    parallelism: settingValue(PARALLELISM, { flag: flags?.parallelism, env, manifest: manifest?.parallelism }),
    rate: settingValue(RATE, { flag: flags?.rate, env, manifest: manifest?.rate }),
  };
}
