// Verdicts in the page: the review file's (inlined), plus this browser's unsaved ones (static page:
// localStorage, offered as a download), or saved by the local server as they are clicked (--serve).
const verdictsById = new Map<string, PageVerdict>();
const storageKey = `reelform-review:${pageData.campaign}`;
let unsavedCount = 0;

function verdictKey(key: string, generation: number): string {
  return `${key}\u0000${generation}`;
}

function loadVerdicts(): void {
  for (const v of pageData.verdicts) verdictsById.set(verdictKey(v.key, v.generation), v);
  if (pageData.mode !== "static") return;
  for (const v of readLocalVerdicts()) {
    const known = verdictsById.get(verdictKey(v.key, v.generation));
    if (!known || Date.parse(known.at) < Date.parse(v.at)) {
      verdictsById.set(verdictKey(v.key, v.generation), v);
      unsavedCount++;
    }
  }
}

function readLocalVerdicts(): PageVerdict[] {
  try {
    const parsed: unknown = JSON.parse(storedText(storageKey) ?? "[]");
    return Array.isArray(parsed) ? (parsed as PageVerdict[]) : [];
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
  const draft: PageVerdict | null = verdict && { key: cell.key, generation: cell.generation, verdict, at: new Date().toISOString(), ...(note ? { note } : {}), ...(by ? { by } : {}), ...(cell.task_id ? { task_id: cell.task_id } : {}) };
  if (pageData.mode === "serve") return postVerdict(cell, draft);
  if (draft) verdictsById.set(verdictKey(cell.key, cell.generation), draft);
  else verdictsById.delete(verdictKey(cell.key, cell.generation));
  unsavedCount++;
  storeText(storageKey, JSON.stringify([...verdictsById.values()])); // without storage: kept in this tab until downloaded
  return "";
}

async function postVerdict(cell: PageCell, draft: PageVerdict | null): Promise<string> {
  const body = { key: cell.key, generation: cell.generation, verdict: draft?.verdict ?? null, note: draft?.note ?? "", by: draft?.by ?? "" };
  try {
    const response = await fetch("api/verdict", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
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
  return input?.value.trim() ?? pageData.reviewer;
}
