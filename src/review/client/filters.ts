// Filters (state, verdict, model, text in key or prompt) and the axis pickers in the toolbar.
function buildToolbar(): void {
  const bar = document.getElementById("toolbar") as HTMLElement;
  const states = [...new Set(pageData.cells.map((c) => c.state))].sort();
  const models = [...new Set(pageData.cells.map(modelName))].sort();
  bar.append(
    picker("filter-state", "State", ["", ...states], (v) => v || "any"),
    picker("filter-verdict", "Verdict", ["", "approved", "rejected", "none"], (v) => v || "any"),
    picker("filter-model", "Model", ["", ...models], (v) => v || "any"),
    searchBox(),
  );
  if (pageData.axes.length > 0) {
    const axes = ["", ...pageData.axes.map((a) => a.name)];
    bar.append(picker("layout-rows", "Rows", axes, (v) => v || "(none)", pageState.rows), picker("layout-cols", "Columns", axes, (v) => v || "(none)", pageState.cols));
  }
  bar.addEventListener("change", onToolbarChange);
  bar.addEventListener("input", () => applyFilters());
}

function modelName(cell: PageCell): string {
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
    renderGrid();
  }
  applyFilters();
}

function valueOf(id: string): string {
  return (document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null)?.value ?? "";
}

function applyFilters(): void {
  const state = valueOf("filter-state");
  const verdict = valueOf("filter-verdict");
  const model = valueOf("filter-model");
  const text = valueOf("filter-text").trim().toLowerCase();
  let shown = 0;
  for (const card of pageState.cards) {
    const cell = cellOf(card);
    const visible = (!state || cell.state === state) && (!verdict || card.dataset.verdict === verdict) && (!model || modelName(cell) === model) && (!text || cell.key.toLowerCase().includes(text) || cell.prompt.toLowerCase().includes(text));
    card.hidden = !visible;
    if (visible) shown++;
  }
  const count = document.getElementById("count");
  if (count) count.textContent = `${shown} of ${pageState.cards.length} videos`;
}
