// Which provider a command uses: --provider, then REELFORM_PROVIDER, then the manifest's `provider:`, then
// gateway (docs/providers.md). Resolved once, in the command; nothing below reads the environment. In config/
// (below expand/ and check/) because the request checks follow the provider that will send the request too.
import { UserError } from "../errors.js";

export const PROVIDER_NAMES = ["gateway", "tencent"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface ProviderChoice {
  name: ProviderName;
  /** Where the choice came from, for messages ("--provider", "REELFORM_PROVIDER", "the manifest", "the default"). */
  source: string;
}

export function chooseProvider(sources: {
  flag?: string;
  env: Readonly<Record<string, string | undefined>>;
  manifest?: string;
}): ProviderChoice {
  const envValue = sources.env.REELFORM_PROVIDER?.trim();
  if (sources.flag !== undefined) return { name: checked(sources.flag, "--provider"), source: "--provider" };
  if (envValue) return { name: checked(envValue, "REELFORM_PROVIDER"), source: "REELFORM_PROVIDER" };
  if (sources.manifest !== undefined)
    return { name: checked(sources.manifest, "the manifest's provider"), source: "the manifest" };
  return { name: "gateway", source: "the default" };
}

function checked(value: string, setting: string): ProviderName {
  if ((PROVIDER_NAMES as readonly string[]).includes(value)) return value as ProviderName;
  throw new UserError(`${setting} must be one of ${PROVIDER_NAMES.join(", ")}, got "${value}"`);
}

/** The provider the checks follow: as chooseProvider, but a bad value falls back to the gateway (the command reports it). */
export function providerForChecks(sources: {
  flag?: string;
  env: Readonly<Record<string, string | undefined>>;
  manifest?: string;
}): ProviderName {
  try {
    return chooseProvider(sources).name;
  } catch {
    return "gateway";
  }
}
