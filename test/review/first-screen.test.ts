// The first screen of a large campaign's page does not wait for the whole campaign's data: served over a
// connection that holds back everything after the first page's data and the page's script, Chromium shows
// the first page of cards (and says the rest is loading); once the rest arrives, the same cards stay and the
// filters, counter and pager cover every video. Nothing is timed: the server decides what has arrived.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { ReviewCell, ReviewData } from "../../src/review/data.js";
import { REPO } from "../helpers/exec.js";
import { hasChromium, openBrowser, type OpenBrowser } from "./browser.js";

const VIDEOS = 3000;

function campaign(): ReviewData {
  const cells: ReviewCell[] = [];
  for (let product = 1; product <= 30; product++)
    for (let scene = 1; scene <= 50; scene++)
      for (const light of ["day", "night"])
        cells.push({
          key: `hero-p${product}-s${scene}-${light}`,
          video: "hero-{{product}}-{{scene}}-{{light}}",
          axes: { product: `p${product}`, scene: `s${scene}`, light },
          prompt: `p${product} in s${scene}, ${light} light`,
          model: "Kling",
          version: "2.1",
          resolution: "720P",
          seconds: 5,
          generation: 1,
          state: product === 30 ? "failed" : "succeeded",
          earlier: [],
        });
  return {
    campaign: "held",
    manifest: "held.yaml",
    reviewFile: "held.review.yaml",
    mode: "static",
    axes: [
      { name: "product", values: Array.from({ length: 30 }, (_, i) => `p${i + 1}`) },
      { name: "scene", values: Array.from({ length: 50 }, (_, i) => `s${i + 1}`) },
      { name: "light", values: ["day", "night"] },
    ],
    cells,
    verdicts: [],
    reviewer: "ana",
    generatedAt: "2026-05-01T10:00:00Z",
  };
}

/** Serves `html`, sending only its first `sent` characters until `release()` is called. */
async function holdingServer(html: string, sent: number): Promise<{ server: Server; url: string; release(): void }> {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.write(html.slice(0, sent));
    void held.then(() => res.end(html.slice(sent)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, release };
}

const shownKeys = (b: OpenBrowser) =>
  b.page.evaluate(`[...document.querySelectorAll("#grid .card")].map((c) => c.dataset.key)`) as Promise<string[]>;

let browser: OpenBrowser | undefined;
let server: Server | undefined;

describe.skipIf(!hasChromium)("the first screen of a large review page (skipped without /usr/bin/chromium)", () => {
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
    server?.closeAllConnections();
    server?.close();
  });

  it("shows the first page of cards before the rest of the data has arrived", { timeout: 120_000 }, async () => {
    const { renderReviewPage } = (await import(pathToFileURL(join(REPO, "dist", "review", "page.js")).href)) as {
      renderReviewPage(d: ReviewData): string;
    };
    const html = renderReviewPage(campaign());
    // Everything up to the other videos' data; a page without such blocks is held at its middle.
    const firstBlock = html.indexOf('<script type="application/json" class="reelform-cells">');
    const held = await holdingServer(html, firstBlock > 0 ? firstBlock : Math.floor(html.length / 2));
    server = held.server;
    browser = await openBrowser();
    const { page } = browser;
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(held.url, { waitUntil: "commit" });

    await expect.poll(() => page.locator("#grid .card").count()).toBe(200);
    expect(await page.evaluate("document.readyState")).toBe("loading");
    expect(await page.locator("#count").textContent()).toBe(`loading ${VIDEOS} videos…`);
    expect(await page.locator("#page-of").textContent()).toBe(`page 1 of 15 (videos 1–200 of ${VIDEOS})`);
    const first = await shownKeys(browser);
    // Rows scene × columns product (the two largest axes), one section per light: the day section first.
    expect(first.slice(0, 3)).toEqual(["hero-p1-s1-day", "hero-p2-s1-day", "hero-p3-s1-day"]);
    expect(first.every((key) => key.endsWith("-day"))).toBe(true);

    held.release();
    await expect.poll(() => page.locator("#count").textContent()).toBe(`${VIDEOS} of ${VIDEOS} videos`);
    expect(await shownKeys(browser)).toEqual(first);
    expect(await page.locator("#counter").textContent()).toBe(
      `0 of ${VIDEOS} reviewed · 0 approved · 0 rejected · 0 failed checks`,
    );
    // The filters' choices come from every video: "failed" exists only past the first page.
    await page.selectOption("#filter-state", "failed");
    await expect.poll(() => page.locator("#count").textContent()).toBe(`100 of ${VIDEOS} videos`);
    expect(errors).toEqual([]);
  });
});
