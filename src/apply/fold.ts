import { LOCKFILE_FORMAT_VERSION, type EarlierGeneration, type LockEntry, type Lockfile } from "../lockfile/types.js";
import type { Plan } from "../plan/types.js";
import { keyedCopy, keyedRecord } from "../util/objects.js";
import type { JournalRecord, ResultRecord } from "./records.js";

/** Why a duplicate has no TaskId and what to do; `manifest` as the user would type it, when known. */
export function duplicateNote(key: string, manifest = "<manifest>"): string {
  return (
    "a task with this session_id exists but its TaskId was not returned; " +
    `\`reelform apply ${manifest} --replace '${key}'\` submits a new generation`
  );
}

/**
 * Pure: the lockfile after a run, from the lockfile before it, the plan it executed (for keys to retire,
 * restore or move, which send nothing; null when recovering a crashed run's journal) and the journal's
 * records in order. Moves are recorded first, so a request sent for a moved key builds on the moved entry.
 * - intent without a result -> in_doubt (re-sent with the same session_id next time);
 * - unsent -> the entry as it was before the intent (or no entry for a new key);
 * - folding the same journal twice gives the same lockfile, and a created TaskId is never downgraded.
 */
export function foldJournal(lockfile: Lockfile | null, plan: Plan | null, records: readonly JournalRecord[]): Lockfile {
  const campaign = lockfile?.campaign ?? plan?.campaign ?? beginCampaign(records);
  const entries = keyedCopy<LockEntry>(lockfile?.entries ?? {});
  const before = new Map<string, LockEntry | undefined>();
  const at = beginTime(records);
  for (const entry of plan?.entries ?? [])
    if (entry.moved_from !== undefined) moveEntry(entries, entry.moved_from, entry.key);
  for (const record of records) {
    if (record.t === "begin") continue;
    if (record.t === "intent") {
      if (record.moved_from !== undefined) moveEntry(entries, record.moved_from, record.key);
      // The same intent read twice (a journal and the errored copy of the same run): keep the first "before".
      if (!before.has(record.key) || entries[record.key]?.session_id !== record.session_id)
        before.set(record.key, entries[record.key]);
      setEntry(entries, record.key, applyIntent(entries[record.key], record));
    } else {
      setEntry(entries, record.key, applyResult(entries[record.key], record, before.get(record.key)));
    }
  }
  for (const entry of plan?.entries ?? []) {
    if (entry.action === "retire") retireEntry(entries, entry.key, at);
    if (entry.action === "restore") restoreEntry(entries, entry.key);
  }
  return { format_version: LOCKFILE_FORMAT_VERSION, campaign, entries: sortedByKey(entries) };
}

/** The entry stays, with every generation; it is only marked as no longer in the manifest. */
function retireEntry(entries: Record<string, LockEntry>, key: string, at: string): void {
  const entry = Object.hasOwn(entries, key) ? entries[key] : undefined;
  if (entry && entry.retired_at === undefined) entries[key] = { ...entry, retired_at: at };
}

function restoreEntry(entries: Record<string, LockEntry>, key: string): void {
  const entry = Object.hasOwn(entries, key) ? entries[key] : undefined;
  if (!entry || entry.retired_at === undefined) return;
  const { retired_at: _retired, ...current } = entry;
  entries[key] = current;
}

/**
 * A rename: the entry recorded under `from` is recorded under `to`, current again (idempotent: once moved,
 * `from` is gone and nothing happens). An entry already at `to` is never overwritten (the plan refuses that).
 */
function moveEntry(entries: Record<string, LockEntry>, from: string, to: string): void {
  const entry = Object.hasOwn(entries, from) ? entries[from] : undefined;
  if (!entry || from === to || Object.hasOwn(entries, to)) return;
  const { retired_at: _retired, ...moved } = entry;
  entries[to] = moved;
  delete entries[from];
}

function beginTime(records: readonly JournalRecord[]): string {
  const begin = records.find((r) => r.t === "begin");
  return begin?.t === "begin" && begin.at ? begin.at : new Date(0).toISOString();
}

function applyIntent(current: LockEntry | undefined, intent: Extract<JournalRecord, { t: "intent" }>): LockEntry {
  // Refolding a journal already folded: the TaskId recorded for this very session_id stays.
  if (current?.session_id === intent.session_id && current.submission === "created") return current;
  const sameGeneration = current?.session_id === intent.session_id;
  const earlier = sameGeneration ? current?.earlier : keptGenerations(current);
  return {
    hash: intent.hash,
    generation: intent.generation,
    session_id: intent.session_id,
    submission: "in_doubt",
    ...(intent.provider ? { provider: intent.provider } : {}),
    ...(intent.sub_app_id !== undefined ? { sub_app_id: intent.sub_app_id } : {}),
    submitted_at: sameGeneration && current?.submitted_at ? current.submitted_at : intent.at,
    body: intent.body,
    ...(earlier && earlier.length > 0 ? { earlier } : {}),
  };
}

/**
 * The earlier generations to keep when `replaced` gives way to a new one: its own list, plus
 * itself when it may have created a paid task (rejected requests created nothing).
 */
export function keptGenerations(replaced: LockEntry | undefined): EarlierGeneration[] | undefined {
  if (!replaced) return undefined;
  const { earlier, retired_at: _retired, ...generation } = replaced;
  if (generation.submission === "rejected") return earlier;
  return [...(earlier ?? []), generation].sort((a, b) => a.generation - b.generation);
}

function applyResult(
  current: LockEntry | undefined,
  result: ResultRecord,
  before: LockEntry | undefined,
): LockEntry | undefined {
  // A result belongs to the intent of the same session_id; without one, its intent line was damaged.
  if (!current || current.session_id !== result.session_id) return salvagedResult(current, result);
  if (current.submission === "created" && result.t !== "created") return current;
  if (current.submission === "created" && result.t === "created" && current.task_id !== result.task_id)
    return withSecondTaskId(current, result);
  const base = {
    hash: current.hash,
    generation: current.generation,
    session_id: current.session_id,
    body: current.body,
    ...originFields(current),
  };
  const at = {
    ...(current.submitted_at ? { submitted_at: current.submitted_at } : {}),
    ...(current.earlier ? { earlier: current.earlier } : {}),
  };
  switch (result.t) {
    case "created":
      return {
        ...base,
        submission: "created",
        task_id: result.task_id,
        ...(result.request_id ? { request_id: result.request_id } : {}),
        ...at,
      };
    case "rejected":
      return { ...base, submission: "rejected", ...at, error: result.error };
    case "duplicate":
      return { ...base, submission: "duplicate", ...at, error: result.error, note: duplicateNote(result.key) };
    case "in_doubt":
      return { ...base, submission: "in_doubt", ...at, ...(result.error ? { error: result.error } : {}) };
    case "unsent":
      return before;
  }
}

/** Stands for the hash of a request whose intent line was lost (journals of older versions). */
const UNKNOWN_HASH = `sha256:${"0".repeat(64)}`;

/**
 * A created or duplicate result whose intent line is gone: a paid task exists, so it is recorded (its
 * body unknown) rather than dropped; the entry it displaces is kept as an earlier generation.
 */
function salvagedResult(current: LockEntry | undefined, result: ResultRecord): LockEntry | undefined {
  if (result.t !== "created" && result.t !== "duplicate") return current;
  if (current?.session_id === result.session_id || current?.earlier?.some((e) => e.session_id === result.session_id))
    return current;
  const generation: EarlierGeneration = {
    hash: result.hash ?? UNKNOWN_HASH,
    generation: result.generation ?? (current ? current.generation + 1 : 1),
    session_id: result.session_id,
    submission: result.t,
    ...(result.t === "created"
      ? { task_id: result.task_id, ...(result.request_id ? { request_id: result.request_id } : {}) }
      : { error: result.error }),
    note: `${result.t === "duplicate" ? `${duplicateNote(result.key)}; ` : ""}the journal line with this request's body was damaged, so the body is not recorded`,
    body: { session_id: result.session_id },
  };
  if (current && current.generation > generation.generation) {
    return {
      ...current,
      earlier: [...(current.earlier ?? []), generation].sort((a, b) => a.generation - b.generation),
    };
  }
  const earlier = keptGenerations(current);
  return { ...generation, ...(earlier && earlier.length > 0 ? { earlier } : {}) };
}

/**
 * A second TaskId for a session_id that already has one (a forged or foreign record given to `recover --from`):
 * the recorded TaskId stays the entry and the other is kept under `earlier`, so neither task is lost.
 */
function withSecondTaskId(current: LockEntry, result: Extract<ResultRecord, { t: "created" }>): LockEntry {
  if (current.earlier?.some((g) => g.task_id === result.task_id)) return current;
  const { earlier, task: _task, request_id: _requestId, ...recorded } = current;
  const second: EarlierGeneration = {
    ...recorded,
    task_id: result.task_id,
    ...(result.request_id ? { request_id: result.request_id } : {}),
    note: `a second TaskId for session_id ${current.session_id}, from records folded later; TaskId ${String(current.task_id)} stays the entry`,
  };
  return { ...current, earlier: [...(earlier ?? []), second].sort((a, b) => a.generation - b.generation) };
}

function setEntry(entries: Record<string, LockEntry>, key: string, entry: LockEntry | undefined): void {
  if (entry) entries[key] = entry;
  else delete entries[key];
}

function beginCampaign(records: readonly JournalRecord[]): string {
  const begin = records.find((r) => r.t === "begin");
  return begin?.t === "begin" ? begin.campaign : "";
}

function sortedByKey(entries: Record<string, LockEntry>): Record<string, LockEntry> {
  const out = keyedRecord<LockEntry>();
  for (const key of Object.keys(entries).sort()) out[key] = entries[key] as LockEntry;
  return out;
}

/** Which provider (and sub-application) created an entry: kept through every result. */
function originFields(entry: LockEntry): Pick<LockEntry, "provider" | "sub_app_id"> {
  return {
    ...(entry.provider ? { provider: entry.provider } : {}),
    ...(entry.sub_app_id !== undefined ? { sub_app_id: entry.sub_app_id } : {}),
  };
}
