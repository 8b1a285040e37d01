// `reelform state rm`'s use case: select the recorded entries the patterns name (every pattern must match),
// show them through a hook that confirms, then remove exactly those under the apply lock (re-read under it,
// so a concurrent apply's writes are kept). The only way an entry leaves the recorded set.
import type { StateStore } from "../apply/state.js";
import { UserError } from "../errors.js";
import { describeForgotten, forgetEntries, selectForgotten } from "../lockfile/forget.js";
import type { LockEntry } from "../lockfile/types.js";
import type { Clock } from "../sched/clock.js";
import { safeText } from "../util/safe-text.js";
import { requireLockfile, stateLockfileStore, type LockfileStore } from "../status/store.js";

export interface ForgetRequest {
  state: StateStore;
  /** The lockfile's path (it names the record in the store's messages). */
  lockfilePath: string;
  /** The manifest as the user named it, for advice. */
  manifest: string;
  patterns: readonly string[];
  /** Where the entries are recorded, as the command shows it. */
  where: string;
  clock: Pick<Clock, "sleep">;
  /** Told when the lockfile held git conflict markers and was read as the union of both sides. */
  warn: (message: string) => void;
}

export interface ForgetHooks {
  /** Shows what would be forgotten (one line per entry, every generation's TaskId); true: go ahead. */
  confirm(lines: string[]): Promise<boolean>;
}

export type ForgetOutcome = { kind: "declined" } | { kind: "forgotten"; keys: string[] };

export async function forgetRecorded(request: ForgetRequest, hooks: ForgetHooks): Promise<ForgetOutcome> {
  const store = stateLockfileStore(request.state, "state rm", { warn: request.warn, clock: request.clock });
  const keys = await confirmedKeys(request, store, hooks);
  if (keys === undefined) return { kind: "declined" };
  let forgotten: string[] = [];
  await store.update(request.lockfilePath, (fresh) => {
    forgotten = forgetEntries(fresh, keys);
  });
  return { kind: "forgotten", keys: forgotten };
}

/**
 * The keys the patterns name, once confirmed (undefined: declined). The set read for it is not held past this:
 * the update reads it again under the lock, and two copies of a 500,000-entry set would be over 2.5 GB.
 */
async function confirmedKeys(
  request: ForgetRequest,
  store: LockfileStore,
  hooks: ForgetHooks,
): Promise<string[] | undefined> {
  const { manifest, where } = request;
  const lockfile = await requireLockfile(store, request.state, manifest);
  const { keys, unmatched } = selectForgotten(lockfile, request.patterns);
  if (unmatched.length > 0) {
    throw new UserError(
      `${unmatched.map((p) => `"${safeText(p)}"`).join(", ")} match${unmatched.length === 1 ? "es" : ""} no key in ${where}: nothing was forgotten (\`reelform list ${manifest}\` shows every key)`,
    );
  }
  const lines = keys.map((key) => describeForgotten(key, lockfile.entries[key] as LockEntry));
  return (await hooks.confirm(lines)) ? keys : undefined;
}
