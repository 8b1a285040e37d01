// Apply's side of recovery by session_id: with the apply lock held, entries whose TaskId never reached us
// are looked up where their provider can list tasks (tencent), found TaskIds are written to the lockfile,
// and what happened is reported.
import { UserError } from "../errors.js";
import type { ProviderRegistry } from "../provider/registry.js";
import { recoverBySession, type RequestSlot, type SessionRecoveryReport } from "../provider/session-recovery.js";
import type { Clock } from "../sched/clock.js";
import type { StateStore } from "./state.js";

export interface LookupDeps {
  providers: ProviderRegistry;
  notice: (kind: string, message: string) => void;
  /** Words for what the lookup found (report/session-recovery.ts): rendering stays above apply/. */
  describe: (report: SessionRecoveryReport) => string;
  signal?: AbortSignal;
  /** The apply's clock: the lookup's time range and the waits between its attempts. */
  clock: Clock;
  /** Waited for before each listing request: the account's query rate shared with other runners (state database). */
  slot?: RequestSlot;
}

/** `known`: the lockfile apply just wrote (after its run); otherwise it is read from disk. */
export async function lookUpLostTaskIds(state: StateStore, deps: LookupDeps): Promise<void> {
  const lockfile = await state.readIfTencent();
  if (!lockfile) return;
  let recovery: Awaited<ReturnType<typeof recoverBySession>>;
  try {
    recovery = await recoverBySession(lockfile, deps.providers, deps.clock.now(), deps.signal, deps.clock, deps.slot);
  } catch (error) {
    // The provider of those entries is not configured here (say, their credentials are not set): they stay
    // as they are, and the plan does not re-send them through another provider.
    if (!(error instanceof UserError)) throw error;
    deps.notice("recovered", `entries without a TaskId were not looked up by session_id: ${error.message}`);
    return;
  }
  if (!recovery) return;
  if (recovery.report.found.length > 0) await state.write(recovery.lockfile);
  deps.notice("recovered", deps.describe(recovery.report));
}
