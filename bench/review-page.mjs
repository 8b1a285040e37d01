// The review page at scale: a 2,000-video campaign (40 products × 25 scenes × 2 lights, every video a
// real clip on disk), opened from file:// in Debian's Chromium. Prints the page's size, the time to first
// paint (the browser's own first-contentful-paint), and the time to scroll to the end one screen per
// animation frame, with the longest frame seen, and how many players were created on the way (lazy).
// Run: npm run build && node bench/review-page.mjs [videos]   (needs /usr/bin/chromium)
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { renderReviewPage } from "../dist/review/page.js";
import { simulatorClips } from "../dist/simulator/file-content.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];
const count = Number(process.argv[2] ?? 2000);

if (!existsSync(CHROMIUM)) {
  console.log(`review-page: skipped, no ${CHROMIUM} (apt-get install -y chromium)`);
  process.exit(0);
}

function campaign(root) {
  const clips = simulatorClips();
  mkdirSync(join(root, "out"), { recursive: true });
  const products = Array.from({ length: 40 }, (_, i) => `product${i + 1}`);
  const scenes = Array.from({ length: 25 }, (_, i) => `scene${i + 1}`);
  const cells = [];
  for (const product of products) for (const scene of scenes) for (const light of ["day", "night"]) {
    if (cells.length >= count) break;
    const key = `hero-${product}-${scene}-${light}`;
    copyFileSync(pathOf(clips, cells.length, root), join(root, "out", `${key}.mp4`));
    cells.push({
      key, video: "hero-{{product}}-{{scene}}-{{light}}", axes: { product, scene, light }, prompt: `${product} in ${scene}, ${light} light, slow dolly shot, shallow depth of field`,
      model: "Kling", version: "2.1", resolution: "720P", seconds: 5, generation: 1, task_id: `task-${cells.length}`, state: "succeeded", cost: 0.35,
      media: { src: `out/${key}.mp4`, from: "file" }, earlier: [],
    });
  }
  const axes = [{ name: "product", values: products }, { name: "scene", values: scenes }, { name: "light", values: ["day", "night"] }];
  return { campaign: "bench", manifest: "bench.yaml", reviewFile: "bench.review.yaml", mode: "static", currency: "USD", axes, cells, verdicts: [], reviewer: "", generatedAt: new Date().toISOString() };
}

function pathOf(clips, n, root) {
  const path = join(root, `clip-${n % clips.length}.mp4`);
  if (!existsSync(path)) writeFileSync(path, clips[n % clips.length]);
  return path;
}

const root = mkdtempSync(join(tmpdir(), "reelform-bench-review-"));
const profile = mkdtempSync(join(tmpdir(), "reelform-bench-chromium-"));
try {
  const page = join(root, "index.html");
  writeFileSync(page, renderReviewPage(campaign(root)));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1440, height: 900 } });
  const tab = context.pages()[0] ?? (await context.newPage());
  // The renderer's own busy time (CDP Performance metrics): less sensitive to a loaded machine than wall time.
  const cdp = await context.newCDPSession(tab);
  await cdp.send("Performance.enable");
  const busy = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value * 1000]));
  await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
  const atLoad = await busy();
  const paint = await tab.evaluate(`(performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime`);
  const loaded = await tab.evaluate(`performance.getEntriesByType("navigation")[0].loadEventEnd`);
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
  const atEnd = await busy();
  await context.close();
  const spent = (name) => (atEnd[name] - atLoad[name]).toFixed(0);
  const kb = (statSync(page).size / 1024).toFixed(0);
  console.log(`review-page: ${scroll.cards} videos, page ${kb} KB (inline data and scripts)`);
  console.log(`  first contentful paint: ${paint.toFixed(0)} ms; load event: ${loaded.toFixed(0)} ms`);
  console.log(`  renderer busy until load: ${atLoad.TaskDuration.toFixed(0)} ms (script ${atLoad.ScriptDuration.toFixed(0)}, layout ${atLoad.LayoutDuration.toFixed(0)}, style ${atLoad.RecalcStyleDuration.toFixed(0)})`);
  console.log(`  scroll to the end (${(scroll.height / 1000).toFixed(0)}k px, one screen per frame): ${scroll.ms.toFixed(0)} ms in ${scroll.frames} frames, longest frame ${scroll.longest.toFixed(0)} ms`);
  console.log(`  renderer busy while scrolling: ${spent("TaskDuration")} ms (script ${spent("ScriptDuration")}, layout ${spent("LayoutDuration")}, style ${spent("RecalcStyleDuration")})`);
  console.log(`  players created while scrolling (lazy): ${scroll.players} of ${scroll.cards}; none playing`);
} finally {
  rmSync(root, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
