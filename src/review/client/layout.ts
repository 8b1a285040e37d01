// The grid: matrix requests laid out by two axes (rows × columns), one section per combination of the
// other axes (and per video when several have a matrix); the rest in a plain grid. Cards are moved, not
// rebuilt, when the axes change, so a playing video keeps playing.
function defaultAxes(): void {
  const names = pageData.axes.map((a) => a.name);
  const bySize = [...pageData.axes].sort((a, b) => b.values.length - a.values.length).map((a) => a.name);
  const rows = pageData.rows && names.includes(pageData.rows) ? pageData.rows : undefined;
  const cols = pageData.cols && names.includes(pageData.cols) ? pageData.cols : undefined;
  const free = bySize.filter((n) => n !== rows && n !== cols);
  if (!rows && !cols && free.length === 1) return void Object.assign(pageState, { rows: "", cols: free[0] });
  pageState.rows = rows ?? free.shift() ?? "";
  pageState.cols = cols ?? free.shift() ?? "";
}

function renderGrid(): void {
  const root = document.getElementById("grid") as HTMLElement;
  root.replaceChildren();
  const matrixCards = pageState.cards.filter((c) => cellOf(c).axes);
  const groups = new Map<string, HTMLElement[]>();
  const severalVideos = new Set(matrixCards.map((c) => cellOf(c).video)).size > 1;
  for (const card of matrixCards) {
    const label = groupLabel(cellOf(card), severalVideos);
    groups.set(label, [...(groups.get(label) ?? []), card]);
  }
  for (const [label, cards] of groups) root.append(matrixSection(label, cards));
  const plain = pageState.cards.filter((c) => !cellOf(c).axes);
  if (plain.length > 0) root.append(plainSection(plain, matrixCards.length > 0));
}

function groupLabel(cell: PageCell, severalVideos: boolean): string {
  const parts = pageData.axes.filter((a) => a.name !== pageState.rows && a.name !== pageState.cols).map((a) => `${a.name}=${axisValue(cell, a.name)}`);
  return [...(severalVideos ? [cell.video] : []), ...parts].join(" · ");
}

function axisValue(cell: PageCell, axis: string): string {
  return axis ? (cell.axes?.[axis] ?? "—") : "";
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
  for (const card of cards) slots.get(`${axisValue(cellOf(card), pageState.rows)}\u0000${axisValue(cellOf(card), pageState.cols)}`)?.append(card);
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
