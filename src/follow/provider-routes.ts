// The batch routes of an entry's provider (listing, media), when it has them. Asking builds the provider,
// which needs its credentials: when they are missing, the entry is simply not batched (its per-task query
// then reports the problem).
import type { ProviderRegistry } from "../provider/registry.js";
import type { EntryOrigin, Provider } from "../provider/types.js";

export function listerOf(providers: ProviderRegistry, origin: EntryOrigin): Provider["listTasks"] {
  const provider = providerOf(providers, origin);
  return provider?.listTasks?.bind(provider);
}

export function mediaOf(providers: ProviderRegistry, origin: EntryOrigin): Provider["settleFromMedia"] {
  const provider = providerOf(providers, origin);
  return provider?.settleFromMedia?.bind(provider);
}

function providerOf(providers: ProviderRegistry, origin: EntryOrigin): Provider | undefined {
  try {
    return providers.forEntry(origin);
  } catch {
    return undefined;
  }
}
