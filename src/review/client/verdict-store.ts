// Verdicts in the page: the review file's (inlined), plus this browser's unsaved ones (static page:
// localStorage, offered as a download), or saved by the local server as they are clicked (--serve).
import type { ReviewCell } from "../data.js";
import type { Verdict } from "../verdicts.js";
import { systemClock } from "../../sched/clock.js";
import { pageData } from "./state.js";
import { storeText, storedText } from "./storage.js";

const verdictsById = new Map<string, Verdict>();
const storageKey = `reelform-review:${pageData.campaign}`;
/** Static page: changes made here and not downloaded yet. */
let unsavedCount = 0;

/** A static page's clicks not in the review file yet; a cleared verdict is kept as `verdict: null`. */
type LocalChange = Verdict | (Omit<Verdict, "verdict"> & { verdict: null });
const localChanges = new Map<string, LocalChange>();

function verdictKey(key: string, generation: number): string {
  return `${key}\u0000${generation}`;
}

export function loadVerdicts(): void {
  for (const v of pageData.verdicts) verdictsById.set(verdictKey(v.key, v.generation), v);
  if (pageData.mode !== "static") return;
  for (const change of readLocalChanges()) {
    const id = verdictKey(change.key, change.generation);
    const known = verdictsById.get(id);
    if (known ? Date.parse(known.at) >= Date.parse(change.at) : change.verdict === null) continue;
    applyChange(id, change);
    unsavedCount++;
  }
}

function applyChange(id: string, change: LocalChange): void {
  localChanges.set(id, change);
  if (change.verdict === null) verdictsById.delete(id);
  else verdictsById.set(id, change as Verdict);
}

function readLocalChanges(): LocalChange[] {
  try {
    const parsed: unknown = JSON.parse(storedText(storageKey) ?? "[]");
    return Array.isArray(parsed) ? (parsed as LocalChange[]) : [];
  } catch {
    return [];
  }
}

/** Every verdict the page holds (the review file's and this browser's). */
export function allVerdicts(): Verdict[] {
  return [...verdictsById.values()];
}

export function verdictOf(key: string, generation: number): Verdict | undefined {
  return verdictsById.get(verdictKey(key, generation));
}

/** Records a decision (null clears it); resolves to an error message, or "" when it was kept. */
export async function recordVerdict(
  cell: ReviewCell,
  verdict: "approved" | "rejected" | null,
  note: string,
): Promise<string> {
  const by = reviewerName();
  const draft: Verdict | null = verdict && {
    key: cell.key,
    generation: cell.generation,
    verdict,
    at: new Date(systemClock.now()).toISOString(),
    ...(note ? { note } : {}),
    ...(by ? { by } : {}),
    ...(cell.task_id ? { task_id: cell.task_id } : {}),
  };
  if (pageData.mode === "serve") return postVerdict(cell, draft);
  applyChange(
    verdictKey(cell.key, cell.generation),
    draft ?? {
      key: cell.key,
      generation: cell.generation,
      verdict: null,
      at: new Date(systemClock.now()).toISOString(),
    },
  );
  unsavedCount++;
  storeText(storageKey, JSON.stringify([...localChanges.values()])); // without storage: kept in this tab until downloaded
  return "";
}

async function postVerdict(cell: ReviewCell, draft: Verdict | null): Promise<string> {
  const body = {
    key: cell.key,
    generation: cell.generation,
    verdict: draft?.verdict ?? null,
    note: draft?.note ?? "",
    by: draft?.by ?? "",
  };
  try {
    const response = await fetch("api/verdict", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { verdict?: Verdict | null; error?: string };
    if (!response.ok) return answer.error ?? `the server answered ${response.status}`;
    if (answer.verdict) verdictsById.set(verdictKey(cell.key, cell.generation), answer.verdict);
    else verdictsById.delete(verdictKey(cell.key, cell.generation));
    return "";
  } catch (error) {
    return `not saved: ${(error as Error).message}`;
  }
}

export function unsavedChanges(): number {
  return unsavedCount;
}

/** The review file was downloaded: every change is in it. */
export function markDownloaded(): void {
  unsavedCount = 0;
}

export function reviewerName(): string {
  const input = document.getElementById("reviewer") as HTMLInputElement | null;
  return (input ? input.value : pageData.reviewer).trim();
}
