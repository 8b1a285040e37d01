// The session_context apply adds to a body whose manifest sets none (plan/apply-added.ts). The lockfile's
// stored shape leaves it out when it is this default (stored-shape.ts), so both take it from here.

const SESSION_CONTEXT_MAX = 1000;

/** Names campaign and key, so a task seen in the provider's console can be traced back. */
export function defaultSessionContext(campaign: string, key: string): string {
  return `reelform:${campaign}:${key}`.slice(0, SESSION_CONTEXT_MAX);
}
