// The grid: matrix requests laid out by two axes (rows × columns), one section per combination of the
// other axes (and per video when several have a matrix); the rest in a plain grid. Large campaigns are
// shown a page at a time (PAGE_SIZE cards, in section order): only that page's cards exist in the DOM.
// Cards are moved, not rebuilt, when the axes or filters change, so a playing video keeps playing.
import type { ReviewCell } from "../data.js";
import { PAGE_SIZE, axisValue, defaultGridAxes, displayOrder, sectionLabel } from "../display-order.js";
import { buildCard } from "./cards.js";
import { el } from "./dom.js";
import { releaseCard, watchPlayers } from "./players.js";
import { campaign, cellOf, firstPageOrder, pageData, pageState } from "./state.js";

/** The layout at start: --rows/--cols, else the two largest axes. */
export function chooseDefaultAxes(): void {
  Object.assign(pageState, defaultGridAxes(pageData.axes, pageData.rows, pageData.cols));
}

/** Display order over the data for the axes chosen (while loading: the first page, as the page lists it). */
export function computeOrder(): void {
  pageState.order = pageState.loading
    ? firstPageOrder.slice()
    : displayOrder(pageData.cells, pageData.axes, pageState, campaign);
}

function pageCount(): number {
  return Math.max(1, Math.ceil(pageState.shown.length / PAGE_SIZE));
}

/** The cell indices of the page on screen. */
function pageIndices(): number[] {
  return pageState.shown.slice(pageState.page * PAGE_SIZE, (pageState.page + 1) * PAGE_SIZE);
}

/** Builds (or reuses) the page's cards, releases the others, and lays them out. */
export function renderGrid(): void {
  const root = document.getElementById("grid") as HTMLElement;
  pageState.page = Math.min(Math.max(0, pageState.page), pageCount() - 1);
  const built = new Map<number, HTMLElement>();
  for (const index of pageIndices())
    built.set(index, pageState.cards.get(index) ?? buildCard(pageData.cells[index] as ReviewCell, index));
  for (const [index, card] of pageState.cards) if (!built.has(index)) releaseCard(card);
  pageState.cards = built;
  const cards = [...built.values()];
  root.replaceChildren();
  const matrixCards = cards.filter((c) => cellOf(c).axes);
  const groups = new Map<string, HTMLElement[]>();
  for (const card of matrixCards) {
    const label = sectionLabel(cellOf(card), pageData.axes, pageState, campaign);
    const list = groups.get(label);
    if (list) list.push(card);
    else groups.set(label, [card]);
  }
  for (const [label, list] of groups) root.append(matrixSection(label, list));
  const plain = cards.filter((c) => !cellOf(c).axes);
  if (plain.length > 0) root.append(plainSection(plain, campaign.anyMatrix));
  watchPlayers(root);
  renderPager();
}

/** Previous / next page, shown only when the filtered videos need more than one page. */
function renderPager(): void {
  const pager = document.getElementById("pager");
  if (!pager) return;
  // While loading, unfiltered: the whole campaign is what will be shown.
  const unfiltered = pageState.shown.length === pageState.order.length;
  const total = pageState.loading && unfiltered ? pageData.cells.length : pageState.shown.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  pager.hidden = pages <= 1;
  const first = pageState.page * PAGE_SIZE;
  const of = document.getElementById("page-of");
  if (of)
    of.textContent = `page ${pageState.page + 1} of ${pages} (videos ${first + 1}–${Math.min(first + PAGE_SIZE, total)} of ${total})`;
  (document.getElementById("page-prev") as HTMLButtonElement | null)?.toggleAttribute("disabled", pageState.page === 0);
  (document.getElementById("page-next") as HTMLButtonElement | null)?.toggleAttribute(
    "disabled",
    pageState.loading || pageState.page >= pages - 1,
  );
}

export function turnPage(step: number): void {
  const page = Math.min(Math.max(0, pageState.page + step), pageCount() - 1);
  if (page === pageState.page) return;
  pageState.page = page;
  renderGrid();
  window.scrollTo(0, 0);
}

function valuesOf(axis: string, cards: HTMLElement[]): string[] {
  const present = new Set(cards.map((c) => axisValue(cellOf(c), axis)));
  const declared = pageData.axes.find((a) => a.name === axis)?.values ?? [];
  return [...declared.filter((v) => present.has(v)), ...[...present].filter((v) => !declared.includes(v))];
}

function matrixSection(label: string, cards: HTMLElement[]): HTMLElement {
  const section = el("section", "group");
  if (label) section.append(el("h2", "", label));
  const rows = valuesOf(pageState.rows, cards);
  const cols = valuesOf(pageState.cols, cards);
  const grid = el("div", "matrix");
  grid.style.gridTemplateColumns = `${pageState.rows ? "max-content " : ""}repeat(${cols.length}, minmax(var(--thumb), calc(var(--thumb) * 1.5)))`;
  if (pageState.rows) grid.append(el("div", "corner", `${pageState.rows} \\ ${pageState.cols || ""}`));
  for (const col of cols) grid.append(el("div", "colhead", pageState.cols ? `${pageState.cols}=${col}` : ""));
  const slots = new Map<string, HTMLElement>();
  for (const row of rows) {
    if (pageState.rows) grid.append(el("div", "rowhead", `${pageState.rows}=${row}`));
    for (const col of cols) grid.append(slotFor(slots, row, col));
  }
  for (const card of cards)
    slots
      .get(`${axisValue(cellOf(card), pageState.rows)}\u0000${axisValue(cellOf(card), pageState.cols)}`)
      ?.append(card);
  section.append(grid);
  return section;
}

function slotFor(slots: Map<string, HTMLElement>, row: string, col: string): HTMLElement {
  const slot = el("div", "slot");
  slots.set(`${row}\u0000${col}`, slot);
  return slot;
}

function plainSection(cards: HTMLElement[], titled: boolean): HTMLElement {
  const section = el("section", "group plain");
  if (titled) section.append(el("h2", "", "Videos without a matrix"));
  const grid = el("div", "plain-grid");
  grid.append(...cards);
  section.append(grid);
  return section;
}
