// Which provider a command uses: --provider, then REELFORM_PROVIDER, then the manifest's `provider:`, then
// gateway (docs/providers.md), through the one settings resolver (config/settings.ts). Resolved once, in the
// command; nothing below reads the environment. In config/ (below expand/ and check/) because the request
// checks follow the provider that will send the request too.
import { PROVIDER, resolveSetting, type EnvSource, type ProviderName, type Resolved } from "./settings.js";

export type { ProviderName };

export interface ProviderChoice {
  name: ProviderName;
  /** Where the choice came from, for messages ("--provider", "REELFORM_PROVIDER", "the manifest", "the default"). */
  source: string;
}

export function chooseProvider(sources: {
  flag?: string;
  /** The command's resolved settings (CommandContext.settings). */
  env: EnvSource;
  manifest?: string;
}): ProviderChoice {
  const { value, source } = resolveSetting(PROVIDER, {
    flagText: sources.flag,
    env: sources.env,
    manifestText: sources.manifest,
  }) as Resolved<ProviderName>; // PROVIDER has a default
  return { name: value, source };
}

/** The provider the checks follow: as chooseProvider, but a bad value falls back to the gateway (the command reports it). */
export function providerForChecks(sources: { flag?: string; env: EnvSource; manifest?: string }): ProviderName {
  try {
    return chooseProvider(sources).name;
  } catch {
    return "gateway";
  }
}
