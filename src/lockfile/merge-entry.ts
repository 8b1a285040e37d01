// Two branches' versions of one lockfile entry -> one entry that keeps every task either side knew of.
import { isDeepStrictEqual } from "node:util";
import { mergeTaskRecord } from "./merge-task.js";
import { withoutKeeping } from "./lazy-keep.js";
import { compareCodePoints } from "./json-text.js";
import type { EarlierGeneration, LockEntry, Submission, TaskRecord } from "./types.js";

export interface EntryMerge {
  entry: LockEntry;
  /** Set when the two sides held different submissions: what was kept where, for the user. */
  note?: string;
}

/**
 * Every generation of both sides is kept: the same generation (same session_id, no clashing TaskId) is
 * combined into what both sides learned; of the rest, the preferred one (preferredFirst) becomes the entry
 * and the others that may have created a task go under `earlier`, oldest first.
 */
export function mergeEntry(key: string, ours: LockEntry, theirs: LockEntry): EntryMerge {
  // Compared without keeping what lazily read entries put back (lazy-keep.ts): two sides of 500,000 equal
  // entries would otherwise both be made whole in memory just to be compared.
  if (withoutKeeping(() => isDeepStrictEqual(ours, theirs))) return { entry: ours };
  const generations = combineGenerations([...generationsOf(ours), ...generationsOf(theirs)]).sort(preferredFirst);
  const [current, ...others] = generations as [EarlierGeneration, ...EarlierGeneration[]];
  const earlier = others.filter((g) => g.submission !== "rejected").sort(oldestFirst);
  const entry: LockEntry = earlier.length > 0 ? { ...current, earlier } : { ...current };
  const retiredAt = bothRetired(ours, theirs);
  if (retiredAt !== undefined) entry.retired_at = retiredAt;
  const clash = !knows(ours, theirs) && !knows(theirs, ours);
  return clash ? { entry, note: clashNote(key, ours, theirs, current) } : { entry };
}

/**
 * Retired only when both sides retired it (the later time): a key one branch still has stays current, and the
 * next plan retires it again if the merged manifest no longer has it.
 */
function bothRetired(ours: LockEntry, theirs: LockEntry): string | undefined {
  if (ours.retired_at === undefined || theirs.retired_at === undefined) return undefined;
  return ours.retired_at > theirs.retired_at ? ours.retired_at : theirs.retired_at;
}

function generationsOf(entry: LockEntry): EarlierGeneration[] {
  const { earlier, retired_at: _retired, ...current } = entry;
  return [...(earlier ?? []), current];
}

/** Folds records of the same generation together (a TaskId on one side, status or pull facts on the other). */
function combineGenerations(generations: EarlierGeneration[]): EarlierGeneration[] {
  const out: EarlierGeneration[] = [];
  for (const g of generations) {
    const i = out.findIndex((o) => sameGeneration(o, g));
    if (i === -1) out.push(g);
    else out[i] = combineGeneration(out[i] as EarlierGeneration, g);
  }
  return out;
}

function sameGeneration(a: EarlierGeneration, b: EarlierGeneration): boolean {
  return (
    a.session_id === b.session_id && (a.task_id === undefined || b.task_id === undefined || a.task_id === b.task_id)
  );
}

/** What an answer taught us, most first: a TaskId beats "exists, TaskId lost", which beats a refusal, which beats no answer. */
const KNOWLEDGE: Record<Submission, number> = { created: 3, duplicate: 2, rejected: 1, in_doubt: 0 };

function combineGeneration(a: EarlierGeneration, b: EarlierGeneration): EarlierGeneration {
  const [first, second] =
    KNOWLEDGE[a.submission] !== KNOWLEDGE[b.submission]
      ? KNOWLEDGE[a.submission] > KNOWLEDGE[b.submission]
        ? [a, b]
        : [b, a]
      : canonicalOrder(a, b);
  const combined: EarlierGeneration = { ...first };
  const task = combineTasks(first.task, second.task);
  if (task) combined.task = task;
  if (!combined.request_id && second.request_id && second.task_id === combined.task_id)
    combined.request_id = second.request_id;
  const sentAt = [a.submitted_at, b.submitted_at].filter((t): t is string => t !== undefined).sort()[0];
  if (sentAt) combined.submitted_at = sentAt;
  return combined;
}

/** The later check wins; download facts (size, sha256) recorded on either side are kept. */
function combineTasks(a: TaskRecord | undefined, b: TaskRecord | undefined): TaskRecord | undefined {
  if (!a || !b) return a ?? b;
  const [older, newer] = a.checked_at <= b.checked_at ? [a, b] : [b, a];
  return mergeTaskRecord(older, newer);
}

/**
 * Which generation stays the entry (docs/plans-and-lockfile.md "Merging lockfiles"): the higher generation, then the later
 * submitted_at, then the greater TaskId, then the greater session_id. Symmetric, so merging ours into
 * theirs or theirs into ours gives the same bytes.
 */
function preferredFirst(a: EarlierGeneration, b: EarlierGeneration): number {
  if (a.generation !== b.generation) return b.generation - a.generation;
  const bySentAt = compareCodePoints(b.submitted_at ?? "", a.submitted_at ?? "");
  if (bySentAt !== 0) return bySentAt;
  const byTask = compareCodePoints(b.task_id ?? "", a.task_id ?? "");
  return byTask !== 0 ? byTask : compareCodePoints(b.session_id, a.session_id);
}

function oldestFirst(a: EarlierGeneration, b: EarlierGeneration): number {
  return -preferredFirst(a, b);
}

function canonicalOrder(a: EarlierGeneration, b: EarlierGeneration): [EarlierGeneration, EarlierGeneration] {
  return compareCodePoints(JSON.stringify(a), JSON.stringify(b)) >= 0 ? [a, b] : [b, a];
}

/** `a` already has `b`'s current submission in its history (one side only moved on from the other). */
function knows(a: LockEntry, b: LockEntry): boolean {
  const { earlier: _ignored, retired_at: _retired, ...current } = b;
  return generationsOf(a).some((g) => sameGeneration(g, current));
}

function clashNote(key: string, ours: LockEntry, theirs: LockEntry, current: EarlierGeneration): string {
  const describe = (e: LockEntry): string =>
    `${e.task_id ? `TaskId ${e.task_id}` : e.submission.replace("_", " ")} (generation ${e.generation})`;
  const kept = current.task_id ? `TaskId ${current.task_id}` : `generation ${current.generation}`;
  return `${JSON.stringify(key)}: both sides submitted it, ours ${describe(ours)} and theirs ${describe(theirs)}; ${kept} is the entry now, the other is kept under "earlier"`;
}
