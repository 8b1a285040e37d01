// How the page carries a large campaign's data (src/review/page-blocks.ts): the head holds the first page in
// display order, so the first screen needs nothing else parsed; the blocks hold the rest, in campaign order,
// and the head's indices put every cell back where it was.
import { describe, expect, it } from "vitest";
import type { ReviewCell, ReviewData } from "../../src/review/data.js";
import { PAGE_SIZE } from "../../src/review/display-order.js";
import { CELLS_PER_BLOCK, splitForPage } from "../../src/review/page-blocks.js";

function cell(key: string, axes?: Record<string, string>): ReviewCell {
  return {
    key,
    video: axes ? "hero" : key,
    ...(axes ? { axes } : {}),
    prompt: key,
    model: "Kling",
    version: "2.1",
    resolution: "720P",
    seconds: 5,
    generation: 1,
    state: "succeeded",
    earlier: [],
  };
}

/** A matrix campaign listed light-innermost (day, night, day, night, …), shown one light per section. */
function campaign(size: number, plain = 0): ReviewData {
  const cells: ReviewCell[] = [];
  for (let i = 0; cells.length < size; i++)
    for (const light of ["day", "night"]) cells.push(cell(`hero-${i}-${light}`, { n: String(i), shot: "a", light }));
  for (let i = 0; i < plain; i++) cells.push(cell(`plain-${i}`));
  return {
    campaign: "c",
    manifest: "c.yaml",
    reviewFile: "c.review.yaml",
    mode: "static",
    axes: [
      { name: "n", values: Array.from({ length: size / 2 }, (_, i) => String(i)) },
      { name: "shot", values: ["a", "b"] },
      { name: "light", values: ["day", "night"] },
    ],
    cells,
    verdicts: [],
    reviewer: "",
    generatedAt: "2026-05-01T00:00:00Z",
  };
}

/** What the client does with head and blocks (src/review/client/state.ts). */
function reassemble(head: ReturnType<typeof splitForPage>["head"], blocks: ReviewCell[][]): ReviewCell[] {
  const at = new Map(head.firstPage.map((index, n) => [index, head.cells[n]]));
  const rest = blocks.flat();
  let next = 0;
  return Array.from({ length: head.cellCount }, (_, index) => at.get(index) ?? (rest[next++] as ReviewCell));
}

describe("the review data split for the page", () => {
  it("puts the first page, in display order, in the head and every other cell in blocks", () => {
    const data = campaign(10_000, 3);
    const { head, blocks } = splitForPage(data);
    expect(head.cellCount).toBe(10_003);
    expect(head.cells).toHaveLength(PAGE_SIZE);
    // Rows n × columns shot, one section per light: the first page is the day section's first 200 cells.
    expect(head.cells.every((c) => c.axes?.light === "day")).toBe(true);
    expect(head.firstPage.slice(0, 3)).toEqual([0, 2, 4]);
    expect(head).toMatchObject({ severalVideos: false, anyMatrix: true, campaign: "c", axes: data.axes });
    expect(head).not.toHaveProperty("cells.200");
    expect(blocks.map((b) => b.length)).toEqual([
      CELLS_PER_BLOCK,
      CELLS_PER_BLOCK,
      CELLS_PER_BLOCK,
      CELLS_PER_BLOCK,
      1803,
    ]);
    expect(reassemble(head, blocks)).toEqual(data.cells);
  });

  it("keeps a campaign of one page in the head alone", () => {
    const data = campaign(20, 2);
    const { head, blocks } = splitForPage(data);
    expect(blocks).toEqual([]);
    expect(head.cells).toHaveLength(22);
    expect(reassemble(head, blocks)).toEqual(data.cells);
  });
});
