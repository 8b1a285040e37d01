// The review page at scale: a 2,000-video campaign by default, up to 100,000 (40 products × 25 scenes ×
// 2 lights × takes, every video a real clip on disk), opened from file:// in Debian's Chromium. Prints the page's size, the time to first
// paint (the browser's own first-contentful-paint), and the time to scroll to the end one screen per
// animation frame, with the longest frame seen, and how many players were created on the way (lazy); the
// time to the first page of cards (reelform-first-page) and to every video's data read (reelform-all-cells).
// Run: npm run build && node bench/review-page.mjs [videos]   (needs /usr/bin/chromium)
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { renderReviewPage } from "../dist/review/page.js";
import { simulatorClips } from "../dist/simulator/file-content.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];
const count = Number(process.argv[2] ?? 2000);

if (!existsSync(CHROMIUM)) {
  console.log(`review-page: skipped, no ${CHROMIUM} (apt-get install -y chromium)`);
  process.exit(0);
}

function campaign(root) {
  const clips = simulatorClips();
  // The clips are written once and shared (a 100,000-video campaign would otherwise copy 100,000 files).
  clips.forEach((clip, n) => writeFileSync(join(root, `clip-${n}.mp4`), clip));
  const products = Array.from({ length: 40 }, (_, i) => `product${i + 1}`);
  const scenes = Array.from({ length: 25 }, (_, i) => `scene${i + 1}`);
  const takes = Array.from({ length: Math.max(1, Math.ceil(count / 2000)) }, (_, i) => `take${i + 1}`);
  const cells = [];
  for (const take of takes)
    for (const product of products)
      for (const scene of scenes)
        for (const light of ["day", "night"]) {
          if (cells.length >= count) break;
          const key = `hero-${product}-${scene}-${light}-${take}`;
          cells.push({
            key,
            video: "hero-{{product}}-{{scene}}-{{light}}-{{take}}",
            axes: { product, scene, light, take },
            prompt: `${product} in ${scene}, ${light} light, slow dolly shot, shallow depth of field`,
            model: "Kling",
            version: "2.1",
            resolution: "720P",
            seconds: 5,
            generation: 1,
            task_id: `task-${cells.length}`,
            state: "succeeded",
            cost: 0.35,
            media: { src: `clip-${cells.length % clips.length}.mp4`, from: "file" },
            earlier: [],
          });
        }
  const axes = [
    { name: "product", values: products },
    { name: "scene", values: scenes },
    { name: "light", values: ["day", "night"] },
    { name: "take", values: takes },
  ];
  return {
    campaign: "bench",
    manifest: "bench.yaml",
    reviewFile: "bench.review.yaml",
    mode: "static",
    currency: "USD",
    axes,
    cells,
    verdicts: [],
    reviewer: "",
    generatedAt: new Date().toISOString(),
  };
}

const root = mkdtempSync(join(tmpdir(), "reelform-bench-review-"));
const profile = mkdtempSync(join(tmpdir(), "reelform-bench-chromium-"));
try {
  const page = join(root, "index.html");
  const data = campaign(root);
  writeFileSync(page, renderReviewPage(data));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
  });
  const tab = context.pages()[0] ?? (await context.newPage());
  // The renderer's own busy time (CDP Performance metrics): less sensitive to a loaded machine than wall time.
  const cdp = await context.newCDPSession(tab);
  await cdp.send("Performance.enable");
  const busy = async () =>
    Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value * 1000]));
  await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
  // The cells after the first page are read once the document is (a block per task): wait for the last.
  await tab.waitForFunction(() => performance.getEntriesByName("reelform-all-cells").length > 0, null, {
    timeout: 600_000,
  });
  const atLoad = await busy();
  const paint = await tab.evaluate(`(performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime`);
  const loaded = await tab.evaluate(`performance.getEntriesByType("navigation")[0].loadEventEnd`);
  const firstPage = await tab.evaluate(`(performance.getEntriesByName("reelform-first-page")[0] || {}).startTime`);
  // The largest contentful paint: when the largest text or image painted so far was painted (a card's, once they are).
  const lcp = await tab.evaluate(`new Promise((resolve) => new PerformanceObserver((list) => {
    const e = list.getEntries().at(-1);
    resolve({ startTime: e.startTime, size: e.size, element: e.element ? e.element.tagName.toLowerCase() + "." + e.element.className : "?" });
  }).observe({ type: "largest-contentful-paint", buffered: true }))`);
  const allCells = await tab.evaluate(`(performance.getEntriesByName("reelform-all-cells")[0] || {}).startTime`);
  const atStart = await tab.evaluate(
    `({ cards: document.querySelectorAll("#grid .card").length, players: document.querySelectorAll("#grid video").length })`,
  );
  const scroll = await tab.evaluate(`(async () => {
    const started = performance.now();
    let last = started, longest = 0, frames = 0;
    while (window.scrollY + innerHeight < document.documentElement.scrollHeight - 2) {
      window.scrollBy(0, innerHeight);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      frames++;
    }
    return { ms: performance.now() - started, frames, longest, height: document.documentElement.scrollHeight, players: document.querySelectorAll("#grid video").length, cards: document.querySelectorAll("#grid .card").length };
  })()`);
  // A search over the whole campaign for its last video (never rendered), until its card is on screen.
  const last = data.cells[data.cells.length - 1].key;
  const search = await tab.evaluate(`(async () => {
    const started = performance.now();
    const box = document.getElementById("filter-text");
    box.value = ${JSON.stringify(last)};
    box.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(r));
    return { ms: performance.now() - started, found: document.querySelectorAll('#grid .card[data-key=${JSON.stringify(last)}]').length };
  })()`);
  const atEnd = await busy();
  await context.close();
  const spent = (name) => (atEnd[name] - atLoad[name]).toFixed(0);
  const kb = (statSync(page).size / 1024).toFixed(0);
  console.log(`review-page: ${count} videos, page ${kb} KB (inline data and scripts)`);
  console.log(`  first contentful paint: ${paint.toFixed(0)} ms; load event: ${loaded.toFixed(0)} ms`);
  console.log(
    `  first page of cards built (performance mark reelform-first-page): ${firstPage.toFixed(0)} ms; parsing the page's head (its first 200 videos) is part of it`,
  );
  console.log(`  largest contentful paint: ${lcp.startTime.toFixed(0)} ms (${lcp.size} px², ${lcp.element})`);
  console.log(
    `  every video's data read (performance mark reelform-all-cells, filters and counter cover the campaign): ${allCells.toFixed(0)} ms`,
  );
  console.log(`  in the DOM after load: ${atStart.cards} cards, ${atStart.players} <video> elements`);
  console.log(
    `  renderer busy until every video's data is read: ${atLoad.TaskDuration.toFixed(0)} ms (script ${atLoad.ScriptDuration.toFixed(0)}, layout ${atLoad.LayoutDuration.toFixed(0)}, style ${atLoad.RecalcStyleDuration.toFixed(0)})`,
  );
  console.log(
    `  scroll to the end (${(scroll.height / 1000).toFixed(0)}k px, one screen per frame): ${scroll.ms.toFixed(0)} ms in ${scroll.frames} frames, longest frame ${scroll.longest.toFixed(0)} ms`,
  );
  console.log(
    `  renderer busy while scrolling: ${spent("TaskDuration")} ms (script ${spent("ScriptDuration")}, layout ${spent("LayoutDuration")}, style ${spent("RecalcStyleDuration")})`,
  );
  console.log(
    `  in the DOM after scrolling the page to its end: ${scroll.cards} cards, ${scroll.players} <video> elements (lazy, far ones released)`,
  );
  console.log(
    `  search for the last video (never rendered): ${search.ms.toFixed(0)} ms to its card on screen (found: ${search.found})`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
