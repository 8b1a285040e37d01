// Requests that draw on an account's query rate outside a status pass (apply's lookup by session_id): with a
// state database, each waits for a slot of the account's rate shared with every runner on that account
// (state/shared-budget.ts); with the lockfile nothing is shared and nothing waits here.
import { originOf, type ProviderName } from "../provider/types.js";
import type { RequestSlot } from "../provider/session-recovery.js";
import type { SharedBudget, StateStore } from "./state.js";

export interface SharedQuerySlots {
  slot: RequestSlot;
  /** This runner stops drawing on the accounts it used (it no longer counts in their fair share). */
  release(): Promise<void>;
}

/** Undefined when the state shares no budget, no account is known, or the rate is unlimited (0). */
export function sharedQuerySlots(
  state: StateStore,
  account: ((provider: ProviderName) => string) | undefined,
  rate: number,
): SharedQuerySlots | undefined {
  const share = state.sharedBudget?.bind(state);
  if (!share || !account || !(rate > 0) || rate === Infinity) return undefined;
  const budgets = new Map<string, SharedBudget>();
  return {
    async slot(origin, signal) {
      const id = account(originOf(origin).provider);
      let budget = budgets.get(id);
      if (!budget) budgets.set(id, (budget = share(id, "query", rate)));
      await budget.acquire(signal);
    },
    async release() {
      for (const budget of budgets.values()) await budget.release();
      budgets.clear();
    },
  };
}
