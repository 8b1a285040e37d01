// "An apply is in progress" instead of "nothing has been applied": a running apply holds the lock (who, since
// when) and writes its journal as it goes (how far), while the lockfile only changes when it finishes.
import type { JournalRecord } from "../apply/records.js";
import type { StateStore } from "../apply/state.js";
import { UserError } from "../errors.js";
import { holderIsGone, type LockInfo } from "../lockfile/mutex.js";
import { keyedRecord } from "../util/objects.js";

export interface ApplyInProgress {
  lock: LockInfo;
  /** Requests the run means to send (absent in journals of older versions). */
  total?: number;
  /** Requests whose intent is written (sent, or about to be). */
  started: number;
  /** Of those, answered, by outcome: created, rejected, duplicate, in_doubt, unsent. */
  answered: Record<string, number>;
  /** The apply has a journal: it is sending (none: still planning or confirming, or already folded and following its tasks). */
  sending: boolean;
}

/** The apply holding this lockfile's lock, with its journal's progress; null when no apply is running. */
async function applyInProgress(state: StateStore): Promise<ApplyInProgress | null> {
  const lock = (await state.locks())[0];
  if (!lock || !lock.command.startsWith("apply") || holderIsGone(lock)) return null;
  const journal = await state.readLog().catch(() => null);
  return { lock, sending: journal !== null, ...progressOf(journal?.records ?? []) };
}

function progressOf(records: readonly JournalRecord[]): Omit<ApplyInProgress, "lock" | "sending"> {
  let total: number | undefined;
  const started = new Set<string>();
  const answered: Record<string, number> = keyedRecord<number>();
  for (const record of records) {
    if (record.t === "begin") total = record.total;
    else if (record.t === "intent") started.add(record.session_id);
    else answered[record.t] = (answered[record.t] ?? 0) + 1;
  }
  return { ...(total !== undefined ? { total } : {}), started: started.size, answered };
}

/** `an apply is in progress: "apply launch.yaml" by ana@ci-7 (pid 4242) since … (3m ago); 12 of 40 requests answered (10 created, 2 rejected), 4 awaiting an answer` */
export function describeApplyInProgress(running: ApplyInProgress, now: number): string {
  const { lock } = running;
  const answeredCount = Object.values(running.answered).reduce((a, b) => a + b, 0);
  const outcomes = Object.entries(running.answered).map(
    ([kind, n]) => `${n} ${kind === "in_doubt" ? "in doubt" : kind === "unsent" ? "not sent" : kind}`,
  );
  const of = running.total !== undefined ? ` of ${running.total}` : "";
  const waiting = running.started - answeredCount;
  const who = `an apply is in progress: "${lock.command}" by ${lock.owner}@${lock.host} (pid ${lock.pid}) since ${lock.started_at} (${ago(now - Date.parse(lock.started_at))})`;
  if (!running.sending)
    return `${who}; it is not sending requests right now (still planning or waiting for confirmation, or following the tasks it has recorded)`;
  return `${who}; ${answeredCount}${of} request(s) answered${outcomes.length > 0 ? ` (${outcomes.join(", ")})` : ""}${waiting > 0 ? `, ${waiting} awaiting an answer` : ""}`;
}

function ago(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "just now";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ago` : `${Math.floor(m / 60)}h${m % 60}m ago`;
}

/**
 * For status and pull: with no lockfile yet, a running apply is the whole answer (an error that says so);
 * with one, a note on stderr that the apply's results are not in it yet. `now`: the command's clock time.
 */
export async function explainRunningApply(
  state: StateStore,
  manifest: string,
  command: string,
  stderr: { write(text: string): unknown },
  now: number,
): Promise<void> {
  const running = await applyInProgress(state);
  if (!running) return;
  const what = describeApplyInProgress(running, now);
  if (!(await state.read().catch(() => null))) {
    throw new UserError(
      `${what}. Its results reach the lockfile when it finishes: run \`reelform ${command} ${manifest}\` again then`,
    );
  }
  stderr.write(`reelform: note: ${what}; its results reach the lockfile when it finishes\n`);
}
