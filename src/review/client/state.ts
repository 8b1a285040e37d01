// The page's data and shared view state. The data comes in two steps (src/review/page-blocks.ts): the
// inlined head with the first page's cells, read at once, so the first screen needs nothing else parsed;
// then the other cells, parsed a block per task once the document is read (loadRemainingCells).
import type { ReviewCell, ReviewData, ReviewPageHead } from "../data.js";
import type { CampaignShape } from "../display-order.js";

const head = JSON.parse(document.getElementById("reelform-data")?.textContent ?? "{}") as ReviewPageHead;
const { cells: firstCells, firstPage, cellCount, severalVideos, anyMatrix, ...meta } = head;

/** Every cell by its index in the campaign; until the rest is loaded only the first page's are set. */
export const pageData: ReviewData = { ...meta, cells: new Array<ReviewCell>(cellCount) };
for (const [n, index] of firstPage.entries()) pageData.cells[index] = firstCells[n] as ReviewCell;

export const campaign: CampaignShape = { severalVideos, anyMatrix };

/** The first page's cell indices in display order (for the default axes), known before the rest. */
export const firstPageOrder: readonly number[] = firstPage;

export interface PageState {
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
  /** Cells are still being loaded: order, filters, counter and pager only know the first page. */
  loading: boolean;
}

export const pageState: PageState = {
  rows: "",
  cols: "",
  focused: -1,
  cards: new Map(),
  order: [],
  shown: [],
  page: 0,
  loading: firstPage.length < cellCount,
};

export function cellOf(card: HTMLElement): ReviewCell {
  return pageData.cells[Number(card.dataset.index)] as ReviewCell;
}

/** The cells known so far (all of them once loaded). */
export function knownCells(): ReviewCell[] {
  return pageState.loading ? firstCells : pageData.cells;
}

/**
 * Parses the `reelform-cells` blocks (the cells not in the head, in campaign order), one block per task so
 * the page answers in between, and frees each block's text once read.
 */
export async function loadRemainingCells(): Promise<void> {
  const rest: ReviewCell[] = [];
  for (const block of document.querySelectorAll<HTMLScriptElement>("script.reelform-cells")) {
    for (const cell of JSON.parse(block.textContent ?? "[]") as ReviewCell[]) rest.push(cell);
    block.remove();
    await nextTask();
  }
  const all: ReviewCell[] = [];
  let next = 0;
  for (let index = 0; index < cellCount; index++) all.push(pageData.cells[index] ?? (rest[next++] as ReviewCell));
  if (next !== rest.length || all.some((cell) => cell === undefined))
    throw new Error(
      `the page's data is damaged: ${cellCount} videos announced, ${firstCells.length + rest.length} found`,
    );
  pageData.cells = all;
  pageState.loading = false;
}

/** A new task (a message, not a timer: nested timers are throttled to 4 ms each). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
