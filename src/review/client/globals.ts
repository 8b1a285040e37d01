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
  /** The cards built for the page on screen, by cell index, in display order: the rest of the data has no DOM. */
  cards: Map<number, HTMLElement>;
  /** Every cell index in display order (sections, then videos without a matrix). */
  order: number[];
  /** The indices the filters keep, in display order: what the pages split. */
  shown: number[];
  /** The page on screen (0-based): shown[page * PAGE_SIZE ...]. */
  page: number;
}

/**
 * Cards per page: a 100,000-video campaign builds 200 cards at a time (and players only for those near the
 * viewport), never 100,000; filters, counter, verdicts and keys work over the data.
 */
const PAGE_SIZE = 200;

const pageState: PageState = { rows: "", cols: "", focused: -1, cards: new Map(), order: [], shown: [], page: 0 };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = "", text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function cellOf(card: HTMLElement): PageCell {
  return pageData.cells[Number(card.dataset.index)] as PageCell;
}
