// One card per request: its player (created when scrolled near), what it is, how it went, its earlier
// generations side by side, and the verdict buttons.
function buildCard(cell: PageCell, index: number): HTMLElement {
  const card = el("article", "card");
  card.dataset.index = String(index);
  card.dataset.key = cell.key;
  card.tabIndex = -1;
  const main = el("div", "takes");
  main.append(playerSlot(cell.media, `g${cell.generation || "–"}`, cell.state));
  for (const g of [...cell.earlier].reverse()) main.append(playerSlot(g.media, `g${g.generation}`, earlierCaption(cell.key, g)));
  card.append(main, cardInfo(cell), cardActions(cell));
  paintVerdict(card);
  return card;
}

function playerSlot(media: PageSource | undefined, label: string, caption: string): HTMLElement {
  const slot = el("figure", "player");
  if (media) {
    slot.dataset.src = media.src;
    slot.title = media.from === "url" ? "plays from the recorded URL (not pulled)" : "plays from the pulled file";
  } else {
    slot.classList.add("empty");
    slot.append(el("span", "no-video", "no video"));
  }
  slot.append(el("figcaption", "", `${label} · ${caption}`));
  return slot;
}

function earlierCaption(key: string, g: PageCell["earlier"][number]): string {
  const v = verdictOf(key, g.generation);
  return v ? `${g.state}, ${v.verdict}` : g.state;
}

function cardInfo(cell: PageCell): HTMLElement {
  const info = el("div", "info");
  const head = el("div", "head");
  head.append(el("code", "key", cell.key), el("span", `badge state-${cell.state.replace(/\s+/g, "-")}`, cell.state), el("span", "badge verdict"));
  const prompt = el("details", "prompt");
  prompt.append(el("summary", "", cell.prompt.length > 90 ? `${cell.prompt.slice(0, 90)}…` : cell.prompt || "(no prompt)"), el("p", "", cell.prompt));
  const facts = [`${cell.model} ${cell.version}`.trim(), cell.resolution, `${cell.seconds} s`, cell.generation ? `generation ${cell.generation}` : "not submitted"];
  if (cell.cost !== undefined) facts.push(`≈ ${cell.cost.toFixed(2)}${pageData.currency ? ` ${pageData.currency}` : ""}`);
  info.append(head, prompt, el("p", "facts", facts.filter(Boolean).join(" · ")));
  if (cell.failure) info.append(el("p", "failure", cell.failure));
  return info;
}

function cardActions(cell: PageCell): HTMLElement {
  const actions = el("div", "actions");
  if (!cell.generation) return actions;
  const note = el("input", "note");
  note.placeholder = "note (why rejected?)";
  note.addEventListener("keydown", (event) => {
    if (event.key === "Enter") void decide(actions.closest(".card") as HTMLElement, "rejected");
    if (event.key === "Escape") note.blur();
    event.stopPropagation();
  });
  const approve = el("button", "approve", "Approve (a)");
  const reject = el("button", "reject", "Reject (r)");
  const clear = el("button", "clear", "Clear (u)");
  approve.addEventListener("click", () => void decide(actions.closest(".card") as HTMLElement, "approved"));
  reject.addEventListener("click", () => void decide(actions.closest(".card") as HTMLElement, "rejected"));
  clear.addEventListener("click", () => void decide(actions.closest(".card") as HTMLElement, null));
  actions.append(approve, reject, clear, note);
  return actions;
}

async function decide(card: HTMLElement, verdict: "approved" | "rejected" | null): Promise<void> {
  const note = card.querySelector<HTMLInputElement>("input.note");
  const problem = await recordVerdict(cellOf(card), verdict, note?.value.trim() ?? "");
  card.dataset.error = problem;
  paintVerdict(card);
  updateSaveNote();
  applyFilters();
}

function paintVerdict(card: HTMLElement): void {
  const cell = cellOf(card);
  const v = verdictOf(cell.key, cell.generation);
  card.dataset.verdict = v ? v.verdict : "none";
  const badge = card.querySelector(".verdict");
  if (badge) badge.textContent = card.dataset.error ? `⚠ ${card.dataset.error}` : v ? `${v.verdict}${v.note ? `: ${v.note}` : ""}${v.by ? ` (${v.by})` : ""}` : "";
  const note = card.querySelector<HTMLInputElement>("input.note");
  if (note && v?.note && document.activeElement !== note) note.value = v.note;
}
