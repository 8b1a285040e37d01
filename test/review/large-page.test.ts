// The review page for a large campaign (5,000 videos) in Chromium: only one page of cards is built and only
// the players near the viewport exist, yet the filters search the whole campaign, keys move across pages,
// and a verdict on a video that was never rendered is saved. Counts only: no timed assertions.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { ReviewCell, ReviewData } from "../../src/review/data.js";
import { simulatorClips } from "../../src/simulator/file-content.js";
import { REPO } from "../helpers/exec.js";
import { hasChromium, openBrowser, type OpenBrowser } from "./browser.js";

const VIDEOS = 5000;

function largeCampaign(root: string): ReviewData {
  writeFileSync(join(root, "clip.mp4"), simulatorClips()[0] as Uint8Array);
  const products = Array.from({ length: 50 }, (_, i) => `product${i + 1}`);
  const scenes = Array.from({ length: 50 }, (_, i) => `scene${i + 1}`);
  const cells: ReviewCell[] = [];
  for (const product of products)
    for (const scene of scenes)
      for (const light of ["day", "night"]) {
        const key = `hero-${product}-${scene}-${light}`;
        cells.push({
          key,
          video: "hero-{{product}}-{{scene}}-{{light}}",
          axes: { product, scene, light },
          prompt: `${product} in ${scene}, ${light} light`,
          model: "Kling",
          version: "2.1",
          resolution: "720P",
          seconds: 5,
          generation: 1,
          task_id: `task-${cells.length}`,
          state: "succeeded",
          media: { src: "clip.mp4", from: "file" },
          earlier: [],
        } as ReviewCell);
      }
  const axes = [
    { name: "product", values: products },
    { name: "scene", values: scenes },
    { name: "light", values: ["day", "night"] },
  ];
  return {
    campaign: "large",
    manifest: "large.yaml",
    reviewFile: "large.review.yaml",
    mode: "static",
    currency: "USD",
    axes,
    cells,
    verdicts: [],
    reviewer: "ana",
    generatedAt: "2026-05-01T10:00:00Z",
  } as ReviewData;
}

const inDom = (b: OpenBrowser) =>
  b.page.evaluate(
    `({ cards: document.querySelectorAll("#grid .card").length, players: document.querySelectorAll("#grid video").length })`,
  ) as Promise<{ cards: number; players: number }>;

let browser: OpenBrowser | undefined;
let root = "";

describe.skipIf(!hasChromium)("review page with 5,000 videos (skipped when /usr/bin/chromium is absent)", () => {
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it(
    "builds one page of cards and players near the viewport only; filters find an unrendered video and its verdict is saved",
    { timeout: 120_000 },
    async () => {
      root = mkdtempSync(join(tmpdir(), "reelform-large-review-"));
      const data = largeCampaign(root);
      expect(data.cells).toHaveLength(VIDEOS);
      // The built page (dist/): the client scripts are compiled by `npm run build`.
      const { renderReviewPage } = (await import(pathToFileURL(join(REPO, "dist", "review", "page.js")).href)) as {
        renderReviewPage(d: ReviewData): string;
      };
      writeFileSync(join(root, "index.html"), renderReviewPage(data));
      browser = await openBrowser();
      const { page } = browser;
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(root, "index.html")).href);
      await expect.poll(() => page.locator("#count").textContent()).toBe(`${VIDEOS} of ${VIDEOS} videos`);
      await expect.poll(() => page.locator("#grid video").count()).toBeGreaterThan(0);

      const first = await inDom(browser);
      expect(first.cards).toBe(200);
      expect(first.players).toBeLessThanOrEqual(first.cards);
      expect(await page.locator("#page-of").textContent()).toBe("page 1 of 25 (videos 1–200 of 5000)");

      // Scrolling the whole page creates players as cards come near, and releases far ones: never one per video.
      await page.evaluate(`(async () => {
      for (let y = 0; y <= document.body.scrollHeight; y += 300) {
        window.scrollTo(0, y);
        await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => requestAnimationFrame(r));
      }
    })()`);
      const scrolled = await inDom(browser);
      expect(scrolled.cards).toBe(200);
      expect(scrolled.players).toBeLessThan(200);

      // The last video was never rendered: the search finds it in the data.
      const last = "hero-product50-scene50-night";
      expect(await page.locator(`.card[data-key="${last}"]`).count()).toBe(0);
      await page.fill("#filter-text", "product50-scene50-night");
      await expect.poll(() => page.locator("#count").textContent()).toBe(`1 of ${VIDEOS} videos`);
      const card = page.locator(`.card[data-key="${last}"]`);
      await expect.poll(() => card.count()).toBe(1);
      await card.locator("button.approve").click();
      await expect.poll(() => page.locator("#counter").textContent()).toContain(`1 of ${VIDEOS} reviewed · 1 approved`);
      const stored = await page.evaluate(`localStorage.getItem("reelform-review:large")`);
      expect(JSON.parse(String(stored))).toEqual([
        expect.objectContaining({ key: last, generation: 1, verdict: "approved", by: "ana" }),
      ]);

      // The verdict filter works over the data too: back to everything, "approved" shows exactly that video.
      await page.fill("#filter-text", "");
      await page.selectOption("#filter-verdict", "approved");
      await expect.poll(() => page.locator("#count").textContent()).toBe(`1 of ${VIDEOS} videos`);
      expect(await page.evaluate(`[...document.querySelectorAll("#grid .card")].map((c) => c.dataset.key)`)).toEqual([
        last,
      ]);

      // Keys move across pages: from the last card of page 1, → shows page 2's first card.
      await page.selectOption("#filter-verdict", "");
      await expect.poll(() => page.locator("#count").textContent()).toBe(`${VIDEOS} of ${VIDEOS} videos`);
      const lastOfPage = await page.evaluate(`[...document.querySelectorAll("#grid .card")].at(-1).dataset.index`);
      await page.locator(`.card[data-index="${String(lastOfPage)}"] .info`).click({ position: { x: 2, y: 2 } });
      await page.keyboard.press("ArrowRight");
      await expect.poll(() => page.locator("#page-of").textContent()).toBe("page 2 of 25 (videos 201–400 of 5000)");
      expect((await inDom(browser)).cards).toBe(200);
      expect(errors).toEqual([]);
    },
  );
});
