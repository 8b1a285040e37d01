// The review page's client (plain scripts, concatenated in page.ts's order into one inline <script>, so
// the page works from file:// with no network). This file: the inlined data and the shared page state.
type PageData = import("../data.js").ReviewData;
type PageCell = import("../data.js").ReviewCell;
type PageVerdict = import("../verdicts.js").Verdict;
type PageSource = import("../data.js").VideoSource;

const pageData = JSON.parse(document.getElementById("reelform-data")?.textContent ?? "{}") as PageData;

interface PageState {
  rows: string;
  cols: string;
  /** The card that keyboard shortcuts act on. */
  focused: number;
  cards: HTMLElement[];
}

const pageState: PageState = { rows: "", cols: "", focused: -1, cards: [] };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = "", text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function cellOf(card: HTMLElement): PageCell {
  return pageData.cells[Number(card.dataset.index)] as PageCell;
}
