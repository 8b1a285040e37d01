import { UserError } from "../errors.js";

export interface RunSettings {
  /** Requests in flight at once. */
  parallelism: number;
  /** Requests started per second; 0 = unlimited. */
  rate: number;
}

/** The upstream create endpoint allows 20 requests per second per account (docs/api.md). */
export const DEFAULT_RUN_SETTINGS: RunSettings = { parallelism: 8, rate: 20 };

type Partial2 = { parallelism?: number; rate?: number };

/** Defaults < manifest (`apply: {parallelism, rate}`) < environment (REELFORM_PARALLELISM, REELFORM_RATE) < flags. */
export function resolveRunSettings(sources: {
  manifest?: Partial2;
  env: Readonly<Record<string, string | undefined>>;
  flags?: Partial2;
}): RunSettings {
  const fromEnv: Partial2 = {
    parallelism: envNumber(sources.env, "REELFORM_PARALLELISM", 1, true),
    rate: envNumber(sources.env, "REELFORM_RATE", 0, false),
  };
  const layers = [sources.manifest ?? {}, fromEnv, sources.flags ?? {}];
  const out = { ...DEFAULT_RUN_SETTINGS };
  for (const layer of layers) {
    if (layer.parallelism !== undefined) out.parallelism = layer.parallelism;
    if (layer.rate !== undefined) out.rate = layer.rate;
  }
  return out;
}

function envNumber(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  min: number,
  integer: boolean,
): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UserError(`${name} must be ${integer ? "a whole number" : "a number"} of at least ${min}, got "${raw}"`);
  }
  return n;
}
