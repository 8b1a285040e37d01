// The review data as the page carries it (docs/review.md "Large campaigns"): a head with the first page's
// cells, inlined before the client script so the first screen needs only that much parsed, then the other
// cells in blocks that the client parses one task at a time once the document is read.
import type { ReviewCell, ReviewData, ReviewPageHead } from "./data.js";
import { PAGE_SIZE, campaignShape, defaultGridAxes, displayOrder } from "./display-order.js";

/** Cells per `reelform-cells` block (about 450 bytes each): small enough to parse without a long task. */
export const CELLS_PER_BLOCK = 2000;

export interface PageBlocks {
  head: ReviewPageHead;
  /** The cells not in the head, in campaign order. */
  blocks: ReviewCell[][];
}

export function splitForPage(data: ReviewData): PageBlocks {
  const { cells, ...meta } = data;
  const shape = campaignShape(cells);
  const grid = defaultGridAxes(data.axes, data.rows, data.cols);
  const firstPage = displayOrder(cells, data.axes, grid, shape).slice(0, PAGE_SIZE);
  const inHead = new Set(firstPage);
  const blocks: ReviewCell[][] = [];
  let block: ReviewCell[] = [];
  cells.forEach((cell, index) => {
    if (inHead.has(index)) return;
    block.push(cell);
    if (block.length < CELLS_PER_BLOCK) return;
    blocks.push(block);
    block = [];
  });
  if (block.length > 0) blocks.push(block);
  const head: ReviewPageHead = {
    ...meta,
    cells: firstPage.map((index) => cells[index] as ReviewCell),
    firstPage,
    cellCount: cells.length,
    ...shape,
  };
  return { head, blocks };
}
