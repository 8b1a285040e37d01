// Debian's Chromium driven by playwright-core, as the review page's tests and bench use it: headless, no
// network features, a fresh profile each time (removed on close).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

export interface OpenBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1280, height: 900 }): Promise<OpenBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "reelform-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Browser-side code is given as text where Playwright evaluates it once (page.evaluate goes through the
// DevTools protocol, which the page's Content-Security-Policy does not govern): the test program has no DOM
// types (and should not: src/ is Node code). A predicate that Playwright *polls* is a function instead: a
// string predicate is compiled inside the page with `new Function`, which the review page's CSP refuses
// ("'unsafe-eval' is not an allowed source") as soon as the first check is false and polling starts.

/** The little of the DOM the polled predicates use. */
interface PolledDom {
  document: { querySelectorAll(selector: string): ArrayLike<{ readyState?: number; error?: unknown }> };
}

/** In the page: every lazy player has been created (`players` of them) and each has its metadata or an error. */
function everyPlayerReady(players: number): boolean {
  const { document } = globalThis as unknown as PolledDom;
  const videos = Array.from(document.querySelectorAll("#grid video"));
  return (
    document.querySelectorAll("#grid figure.player video").length === players &&
    videos.every((v) => (v.readyState ?? 0) >= 1 || Boolean(v.error))
  );
}

/** Scrolls through the whole page so every lazy player is created, then waits until each has loaded its metadata. */
export async function loadEveryPlayer(page: Page): Promise<{ players: number; loaded: number; durations: number[] }> {
  await page.evaluate(`(async () => {
    for (let y = 0; y <= document.body.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(r));
    }
  })()`);
  const players = await page.locator("#grid figure.player[data-src]").count();
  await page.waitForFunction(everyPlayerReady, players, { timeout: 30_000 });
  return page.evaluate(`(() => {
    const videos = [...document.querySelectorAll("#grid video")];
    return { players: videos.length, loaded: videos.filter((v) => v.readyState >= 1 && v.duration > 0).length, durations: videos.map((v) => v.duration) };
  })()`);
}

export interface SectionShape {
  title: string;
  cols: string[];
  rows: string[];
  slots: number[];
  /** Cards in the plain grid (videos without a matrix). */
  plain: number;
}

/** The grid's shape as the page shows it: per section, its title, column heads, row heads and cards per slot. */
export function gridShape(page: Page): Promise<SectionShape[]> {
  return page.evaluate(`[...document.querySelectorAll("#grid section.group")].map((s) => ({
    title: s.querySelector("h2")?.textContent ?? "",
    cols: [...s.querySelectorAll(".colhead")].map((e) => e.textContent ?? ""),
    rows: [...s.querySelectorAll(".rowhead")].map((e) => e.textContent ?? ""),
    slots: [...s.querySelectorAll(".slot")].map((e) => e.querySelectorAll(".card:not([hidden])").length),
    plain: s.querySelectorAll(".plain-grid .card:not([hidden])").length,
  }))`);
}

/** Keys of the cards the filters leave visible, in page order. */
export function visibleKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    `[...document.querySelectorAll("#grid .card")].filter((c) => !c.hidden).map((c) => c.dataset.key)`,
  );
}

/**
 * A static page keeps its clicks in localStorage, which Chromium hands to its storage service asynchronously:
 * a reload may read the storage before a write made just before it has arrived there (seen on a loaded machine:
 * a click's verdict missing after the reload). What the tests mean, "the click was saved, then the page was
 * reloaded", is waited for: a second tab of the same page sees what this one holds, then this one reloads.
 */
export async function reloadOnceStored(page: Page): Promise<void> {
  const held = (p: Page) => p.evaluate(`JSON.stringify(Object.entries(localStorage).sort())`) as Promise<string>;
  const expected = await held(page);
  const other = await page.context().newPage();
  try {
    await other.goto(page.url());
    await expect.poll(() => held(other), { timeout: 30_000 }).toBe(expected);
  } finally {
    await other.close();
  }
  await page.reload();
}
