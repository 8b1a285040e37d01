// Filters (state, verdict, model, text in key or prompt) and the axis pickers in the toolbar.
import type { ReviewCell } from "../data.js";
import { el } from "./dom.js";
import { computeOrder, renderGrid } from "./layout.js";
import { knownCells, pageData, pageState } from "./state.js";
import { storeText, storedText } from "./storage.js";
import { verdictOf } from "./verdict-store.js";

export function buildToolbar(): void {
  const bar = document.getElementById("toolbar") as HTMLElement;
  bar.append(
    picker("filter-state", "State", [""], (v) => v || "any"),
    picker("filter-verdict", "Verdict", ["", "approved", "rejected", "none"], (v) => v || "any"),
    picker("filter-model", "Model", [""], (v) => v || "any"),
    picker("filter-checks", "Checks", ["", "failed", "passed", "unchecked"], (v) =>
      v === "failed"
        ? "failed a check"
        : v === "passed"
          ? "passed every check"
          : v === "unchecked"
            ? "not checked"
            : "any",
    ),
    searchBox(),
    sizeControl(),
  );
  if (pageData.axes.length > 0) {
    const axes = ["", ...pageData.axes.map((a) => a.name)];
    bar.append(
      picker("layout-rows", "Rows", axes, (v) => v || "(none)", pageState.rows),
      picker("layout-cols", "Columns", axes, (v) => v || "(none)", pageState.cols),
    );
  }
  bar.addEventListener("change", onToolbarChange);
  bar.addEventListener("input", () => applyFilters(true));
  refreshChoices();
}

/** The states and models to filter by, from the cells known (again once every cell is loaded). */
export function refreshChoices(): void {
  const cells = knownCells();
  setOptions("filter-state", [...new Set(cells.map((c) => c.state))].sort());
  setOptions("filter-model", [...new Set(cells.map(modelName))].sort());
}

function setOptions(id: string, values: string[]): void {
  const select = document.getElementById(id) as HTMLSelectElement | null;
  if (!select) return;
  const selected = select.value;
  select.replaceChildren(
    ...["", ...values].map((value) => {
      const option = el("option", "", value || "any");
      option.value = value;
      return option;
    }),
  );
  select.value = selected;
}

function modelName(cell: ReviewCell): string {
  return `${cell.model} ${cell.version}`.trim();
}

function picker(id: string, label: string, values: string[], show: (v: string) => string, selected = ""): HTMLElement {
  const wrap = el("label", "", `${label} `);
  const select = el("select");
  select.id = id;
  for (const value of values) {
    const option = el("option", "", show(value));
    option.value = value;
    option.selected = value === selected;
    select.append(option);
  }
  wrap.append(select);
  return wrap;
}

/** Thumbnail width (the cards' minimum), remembered in the page. */
function sizeControl(): HTMLElement {
  const wrap = el("label", "", "Size ");
  const input = el("input");
  input.id = "thumb-size";
  input.type = "range";
  input.min = "240";
  input.max = "960";
  input.step = "40";
  input.value = storedText("reelform-thumb") ?? "360";
  setThumb(input.value);
  input.addEventListener("input", () => {
    setThumb(input.value);
    storeText("reelform-thumb", input.value);
  });
  wrap.append(input);
  return wrap;
}

function setThumb(px: string): void {
  document.documentElement.style.setProperty("--thumb", `${Number(px) || 360}px`);
}

function checkState(cell: ReviewCell): string {
  if (!cell.checks || cell.checks.length === 0) return "unchecked";
  return cell.checks.some((c) => c.outcome === "failed") ? "failed" : "passed";
}

function searchBox(): HTMLElement {
  const wrap = el("label", "", "Search ");
  const input = el("input");
  input.id = "filter-text";
  input.type = "search";
  input.placeholder = "key or prompt ( / )";
  wrap.append(input);
  return wrap;
}

function onToolbarChange(event: Event): void {
  const target = event.target as HTMLElement;
  if (target.id === "layout-rows" || target.id === "layout-cols") {
    pageState.rows = (document.getElementById("layout-rows") as HTMLSelectElement).value;
    pageState.cols = (document.getElementById("layout-cols") as HTMLSelectElement).value;
    computeOrder();
    applyFilters(true);
    return renderGrid();
  }
  applyFilters(true);
}

function valueOf(id: string): string {
  return (document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null)?.value ?? "";
}

/**
 * Filters over the data, not the DOM: a video on no built page is found all the same. `fromToolbar`: a new
 * filter goes back to the first page; a verdict that drops a card from the filter keeps the page.
 */
export function applyFilters(fromToolbar = false): void {
  const state = valueOf("filter-state");
  const verdict = valueOf("filter-verdict");
  const model = valueOf("filter-model");
  const text = valueOf("filter-text").trim().toLowerCase();
  const checks = valueOf("filter-checks");
  const shown = pageState.order.filter((index) => {
    const cell = pageData.cells[index] as ReviewCell;
    return (
      (!state || cell.state === state) &&
      (!verdict || (verdictOf(cell.key, cell.generation)?.verdict ?? "none") === verdict) &&
      (!model || modelName(cell) === model) &&
      (!checks || checkState(cell) === checks) &&
      (!text || cell.key.toLowerCase().includes(text) || cell.prompt.toLowerCase().includes(text))
    );
  });
  const changed = !sameIndices(shown, pageState.shown);
  pageState.shown = shown;
  if (changed && fromToolbar) pageState.page = 0;
  if (changed || pageState.cards.size === 0) renderGrid();
  const count = document.getElementById("count");
  if (count)
    count.textContent = pageState.loading
      ? `loading ${pageData.cells.length} videos…`
      : `${shown.length} of ${pageData.cells.length} videos`;
  updateCounter();
}

function sameIndices(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The sticky counter: reviewed / approved / rejected / failed checks, over the current generations. */
function updateCounter(): void {
  const counter = document.getElementById("counter");
  if (!counter) return;
  if (pageState.loading) return void (counter.textContent = "");
  const submitted = pageData.cells.filter((c) => c.generation > 0);
  let approved = 0;
  let rejected = 0;
  for (const cell of submitted) {
    const v = verdictOf(cell.key, cell.generation);
    if (v?.verdict === "approved") approved++;
    else if (v?.verdict === "rejected") rejected++;
  }
  const failed = submitted.filter((c) => checkState(c) === "failed").length;
  counter.textContent = `${approved + rejected} of ${submitted.length} reviewed · ${approved} approved · ${rejected} rejected · ${failed} failed checks`;
}
