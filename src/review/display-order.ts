// The order the review page shows cards in, shared by the page's writer (which cells make the first page,
// inlined before the rest: src/review/page.ts) and its client (every layout the pickers choose): matrix
// cells section by section, sections in the order first seen, then the cells without a matrix.
import type { ReviewAxis, ReviewCell } from "./data.js";

/**
 * Cards per page: a 100,000-video campaign builds 200 cards at a time (and players only for those near the
 * viewport), never 100,000; filters, counter, verdicts and keys work over the data.
 */
export const PAGE_SIZE = 200;

/** The axes laid out as rows and columns ("": none). */
export interface GridAxes {
  rows: string;
  cols: string;
}

/** Facts about the whole campaign that the layout of any page needs. */
export interface CampaignShape {
  /** Several videos have a matrix: each one's sections are titled with its name. */
  severalVideos: boolean;
  /** Some cell has a matrix: the cells without one are titled "Videos without a matrix". */
  anyMatrix: boolean;
}

/** --rows/--cols when given, else the two axes with the most values (a single axis becomes the columns). */
export function defaultGridAxes(axes: readonly ReviewAxis[], rows?: string, cols?: string): GridAxes {
  const names = axes.map((a) => a.name);
  const bySize = [...axes].sort((a, b) => b.values.length - a.values.length).map((a) => a.name);
  const givenRows = rows && names.includes(rows) ? rows : undefined;
  const givenCols = cols && names.includes(cols) ? cols : undefined;
  const free = bySize.filter((n) => n !== givenRows && n !== givenCols);
  if (!givenRows && !givenCols && free.length === 1) return { rows: "", cols: free[0] ?? "" };
  return { rows: givenRows ?? free.shift() ?? "", cols: givenCols ?? free.shift() ?? "" };
}

export function campaignShape(cells: readonly ReviewCell[]): CampaignShape {
  const videos = new Set<string>();
  for (const cell of cells) if (cell.axes) videos.add(cell.video);
  return { severalVideos: videos.size > 1, anyMatrix: videos.size > 0 };
}

export function axisValue(cell: ReviewCell, axis: string): string {
  return axis ? (cell.axes?.[axis] ?? "—") : "";
}

/** The section a matrix cell is in: its video (when several) and its values of the axes not laid out. */
export function sectionLabel(
  cell: ReviewCell,
  axes: readonly ReviewAxis[],
  grid: GridAxes,
  shape: CampaignShape,
): string {
  const parts = axes
    .filter((a) => a.name !== grid.rows && a.name !== grid.cols)
    .map((a) => `${a.name}=${axisValue(cell, a.name)}`);
  return [...(shape.severalVideos ? [cell.video] : []), ...parts].join(" · ");
}

/** Cell indices in display order. `cells` may have holes (a page still loading): they are skipped. */
export function displayOrder(
  cells: readonly ReviewCell[],
  axes: readonly ReviewAxis[],
  grid: GridAxes,
  shape: CampaignShape,
): number[] {
  const sections = new Map<string, number[]>();
  const plain: number[] = [];
  cells.forEach((cell, index) => {
    if (!cell.axes) return void plain.push(index);
    const label = sectionLabel(cell, axes, grid, shape);
    const list = sections.get(label);
    if (list) list.push(index);
    else sections.set(label, [index]);
  });
  const order: number[] = [];
  for (const list of sections.values()) for (const index of list) order.push(index);
  for (const index of plain) order.push(index);
  return order;
}
