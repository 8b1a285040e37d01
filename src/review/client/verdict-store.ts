// Verdicts in the page: the review file's (inlined), plus this browser's unsaved ones (static page:
// localStorage, offered as a download), or saved by the local server as they are clicked (--serve).
const verdictsById = new Map<string, PageVerdict>();
const storageKey = `reelform-review:${pageData.campaign}`;
let unsavedCount = 0;

/** A static page's clicks not in the review file yet; a cleared verdict is kept as `verdict: null`. */
type LocalChange = PageVerdict | (Omit<PageVerdict, "verdict"> & { verdict: null });
const localChanges = new Map<string, LocalChange>();

function verdictKey(key: string, generation: number): string {
  return `${key}\u0000${generation}`;
}

function loadVerdicts(): void {
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
  else verdictsById.set(id, change as PageVerdict);
}

function readLocalChanges(): LocalChange[] {
  try {
    const parsed: unknown = JSON.parse(storedText(storageKey) ?? "[]");
    return Array.isArray(parsed) ? (parsed as LocalChange[]) : [];
  } catch {
    return [];
  }
}

function verdictOf(key: string, generation: number): PageVerdict | undefined {
  return verdictsById.get(verdictKey(key, generation));
}

/** Records a decision (null clears it); resolves to an error message, or "" when it was kept. */
async function recordVerdict(cell: PageCell, verdict: "approved" | "rejected" | null, note: string): Promise<string> {
  const by = reviewerName();
  const draft: PageVerdict | null = verdict && {
    key: cell.key,
    generation: cell.generation,
    verdict,
    at: new Date().toISOString(),
    ...(note ? { note } : {}),
    ...(by ? { by } : {}),
    ...(cell.task_id ? { task_id: cell.task_id } : {}),
  };
  if (pageData.mode === "serve") return postVerdict(cell, draft);
  applyChange(
    verdictKey(cell.key, cell.generation),
    draft ?? { key: cell.key, generation: cell.generation, verdict: null, at: new Date().toISOString() },
  );
  unsavedCount++;
  storeText(storageKey, JSON.stringify([...localChanges.values()])); // without storage: kept in this tab until downloaded
  return "";
}

async function postVerdict(cell: PageCell, draft: PageVerdict | null): Promise<string> {
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
    const answer = (await response.json()) as { verdict?: PageVerdict | null; error?: string };
    if (!response.ok) return answer.error ?? `the server answered ${response.status}`;
    if (answer.verdict) verdictsById.set(verdictKey(cell.key, cell.generation), answer.verdict);
    else verdictsById.delete(verdictKey(cell.key, cell.generation));
    return "";
  } catch (error) {
    return `not saved: ${(error as Error).message}`;
  }
}

function reviewerName(): string {
  const input = document.getElementById("reviewer") as HTMLInputElement | null;
  return (input ? input.value : pageData.reviewer).trim();
}
