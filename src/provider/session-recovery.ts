// Entries whose TaskId never reached us (in doubt after a crash or timeout, or "created, TaskId unknown"
// after a duplicate answer) are looked up by session_id before anything is re-sent, where the provider can
// list its tasks (Tencent's DescribeTasks). A match records the TaskId; no match inside the 3-day window
// means no task holds that session_id, so re-sending it with the same session_id is safe.
import type { ApiErrorRecord, LockEntry, Lockfile } from "../lockfile/types.js";
import { DEDUP_WINDOW_MS } from "../api/dedup-window.js";
import { keyedCopy } from "../util/objects.js";
import { retryWithBackoff, type BackoffPolicy } from "../sched/backoff.js";
import type { Clock } from "../sched/clock.js";
import type { ProviderRegistry } from "./registry.js";
import { originOf, providerNameOf, type EntryOrigin, type Provider, type SessionLookupOutcome } from "./types.js";
import { minOf } from "../util/arrays.js";

/** Tasks are looked for from a little before the first send (clocks differ) to a little after now. */
const CLOCK_SLACK_MS = 10 * 60_000;
/** A failed lookup is tried 3 times in all, with full-jitter backoff (up to 1 s, then up to 2 s). */
const LOOKUP_BACKOFF: BackoffPolicy = { maxAttempts: 3, baseMs: 1000, capMs: 4000 };

export interface SessionRecoveryReport {
  /** Entries looked for. */
  looked: number;
  /** Keys whose TaskId was found, with it. */
  found: { key: string; task_id: string; was: "in_doubt" | "duplicate" }[];
  /** Keys looked for and not found (in doubt: safe to re-send with the same session_id). */
  notFound: string[];
  /** A lookup that failed: those entries stay as they were. */
  error?: ApiErrorRecord;
}

type Candidate = { key: string; entry: LockEntry };

/** Pure: the entries worth looking up (the provider that created them can list tasks, and is inside the window). */
function lookupCandidates(lockfile: Lockfile, canList: (entry: LockEntry) => boolean, now: number): Candidate[] {
  return Object.entries(lockfile.entries)
    .filter(([, entry]) => (entry.submission === "in_doubt" || entry.submission === "duplicate") && !entry.task_id)
    .filter(([, entry]) => canList(entry) && !pastWindow(entry, now))
    .map(([key, entry]) => ({ key, entry }));
}

/** Waited for before each listing request to the account of this origin (a rate shared with other runners). */
export type RequestSlot = (origin: EntryOrigin, signal?: AbortSignal) => Promise<void>;

/**
 * Looks the candidates up and returns the lockfile with every found TaskId recorded (null: nothing to look
 * for). `slot`, when given, is waited for before every listing request (each page, each retry).
 */
export async function recoverBySession(
  lockfile: Lockfile,
  providers: ProviderRegistry,
  now: number,
  signal: AbortSignal | undefined,
  clock: Pick<Clock, "sleep" | "random">,
  slot?: RequestSlot,
): Promise<{ lockfile: Lockfile; report: SessionRecoveryReport } | null> {
  const candidates = lookupCandidates(lockfile, (entry) => providerNameOf(entry) === "tencent", now);
  if (candidates.length === 0) return null;
  const report: SessionRecoveryReport = { looked: candidates.length, found: [], notFound: [] };
  const next: Lockfile = { ...lockfile, entries: keyedCopy(lockfile.entries) };
  for (const group of groupByProvider(candidates, providers)) {
    const origin = group.candidates[0]?.entry ?? {};
    const beforePage = slot ? () => slot(originOf(origin), signal) : undefined;
    const found = await lookUp(group.find, group.candidates, now, { clock, signal, beforePage });
    if (!found.ok) {
      report.error ??= found.error;
      continue;
    }
    for (const { key, entry } of group.candidates) {
      const taskId = found.found.get(entry.session_id);
      if (!taskId) report.notFound.push(key);
      else {
        report.found.push({ key, task_id: taskId, was: entry.submission as "in_doubt" | "duplicate" });
        next.entries[key] = recovered(entry, taskId);
      }
    }
  }
  return { lockfile: next, report };
}

type Find = NonNullable<Provider["findBySessions"]>;

/** One group per provider (and so per sub-application) that can list its tasks. */
function groupByProvider(
  candidates: Candidate[],
  providers: ProviderRegistry,
): { find: Find; candidates: Candidate[] }[] {
  const groups = new Map<Find, Candidate[]>();
  for (const candidate of candidates) {
    const find = providers.forEntry(candidate.entry).findBySessions;
    if (!find) continue;
    const list = groups.get(find);
    if (list) list.push(candidate);
    else groups.set(find, [candidate]);
  }
  return [...groups].map(([find, list]) => ({ find, candidates: list }));
}

async function lookUp(
  find: Find,
  candidates: Candidate[],
  now: number,
  wait: {
    clock: Pick<Clock, "sleep" | "random">;
    signal?: AbortSignal | undefined;
    beforePage?: (() => Promise<void>) | undefined;
  },
): Promise<SessionLookupOutcome> {
  const sent = candidates.map((c) => Date.parse(c.entry.submitted_at ?? "")).filter(Number.isFinite);
  const earliest = minOf(sent);
  const after = earliest !== undefined ? earliest - CLOCK_SLACK_MS : now - DEDUP_WINDOW_MS;
  const lookup = {
    sessionIds: new Set(candidates.map((c) => c.entry.session_id)),
    after,
    before: now + CLOCK_SLACK_MS,
  };
  const { clock, signal, beforePage } = wait;
  return retryWithBackoff(
    () => find(lookup, signal, beforePage),
    (outcome) => !outcome.ok && outcome.retryable,
    { policy: LOOKUP_BACKOFF, clock, ...(signal ? { signal } : {}) },
  );
}

function recovered(entry: LockEntry, taskId: string): LockEntry {
  const { error: _error, note: _note, ...rest } = entry;
  return {
    ...rest,
    submission: "created",
    task_id: taskId,
    note: `TaskId found by session_id (DescribeTasks) after the submission was ${entry.submission === "duplicate" ? "refused as a duplicate" : "in doubt"}`,
  };
}

function pastWindow(entry: LockEntry, now: number): boolean {
  const sent = Date.parse(entry.submitted_at ?? "");
  return Number.isFinite(sent) && now - sent > DEDUP_WINDOW_MS;
}
