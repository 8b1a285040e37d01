// Providers by origin, built on first use: a status pass asks each entry's task of the provider (and
// sub-application) that created it, and needs no credentials at all when every task has ended.
import { resolveApiConfig } from "../config/api.js";
import type { EnvSource } from "../config/settings.js";
import { gatewayProvider } from "./gateway.js";
import { resolveTencentConfig, type TencentConfig } from "./tencent/config.js";
import { tencentProvider } from "./tencent/provider.js";
import type { Clock } from "../sched/clock.js";
import { originOf, type EntryOrigin, type Provider, type ProviderName } from "./types.js";

export interface ProviderRegistry {
  /** The provider new submissions go to; built now, so its settings are checked before anything is sent. */
  submitter(name: ProviderName, manifestSubAppId?: number): Provider;
  /** The provider that created an entry, with the entry's own sub-application. */
  forEntry(origin: EntryOrigin): Provider;
}

/**
 * `env`: the command's resolved settings (CommandContext.settings), read when a provider is first built.
 * `clock`: the command's clock (the gateway dates a Retry-After with it).
 */
export function providerRegistry(env: EnvSource, clock: Pick<Clock, "now">): ProviderRegistry {
  const built = new Map<string, Provider>();
  const build = (name: ProviderName, subAppId: number | undefined): Provider => {
    const id = `${name}:${subAppId ?? ""}`;
    let provider = built.get(id);
    if (!provider) {
      provider =
        name === "gateway"
          ? gatewayProvider(resolveApiConfig(env), clock)
          : tencentProvider(withSubApp(resolveTencentConfig(env), subAppId));
      built.set(id, provider);
    }
    return provider;
  };
  return {
    submitter: (name, manifestSubAppId) =>
      build(name, name === "tencent" ? resolveTencentConfig(env, manifestSubAppId).subAppId : undefined),
    forEntry: (origin) => {
      const { provider, sub_app_id } = originOf(origin);
      return build(provider, provider === "tencent" ? sub_app_id : undefined);
    },
  };
}

/** An entry without a sub_app_id was created in the account's primary application: none is sent for it. */
function withSubApp(config: TencentConfig, subAppId: number | undefined): TencentConfig {
  const { subAppId: _configured, ...rest } = config;
  return subAppId === undefined ? rest : { ...rest, subAppId };
}
