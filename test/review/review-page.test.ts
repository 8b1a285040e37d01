// The review page in a real browser (Debian's Chromium), against a campaign applied and pulled from the
// simulator: the grid follows the matrix, every video plays, filters work, verdicts reach the review file
// (served) or a download (static), and the next plan acts on them.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseReviewText } from "../../src/review/review-parse.js";
import { serializeReviewFile } from "../../src/review/review-text.js";
import { startSimulator } from "../../src/simulator/index.js";
import { REPO, runCli } from "../helpers/exec.js";
import { killStrayClis, startCli, until } from "../e2e/apply-helpers.js";
import {
  gridShape,
  hasChromium,
  loadEveryPlayer,
  openBrowser,
  reloadOnceStored,
  visibleKeys,
  type OpenBrowser,
  type SectionShape,
} from "./browser.js";
import { pulledCampaign, reviewEnv } from "./campaign.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";

const ROWS = ["product=sneaker", "product=backpack", "product=bottle"];
const COLS = ["surface=marble", "surface=sand"];
const DEFAULT_SHAPE: SectionShape[] = [
  { title: "light=day", cols: COLS, rows: ROWS, slots: [1, 1, 1, 1, 1, 1], plain: 0 },
  { title: "light=night", cols: COLS, rows: ROWS, slots: [1, 1, 1, 1, 1, 1], plain: 0 },
  { title: "Videos without a matrix", cols: [], rows: [], slots: [], plain: 2 },
];

let dir = "";
let browser: OpenBrowser | undefined;

describe.skipIf(!hasChromium)("review page in Chromium (skipped when /usr/bin/chromium is absent)", () => {
  beforeAll(async () => {
    if (!existsSync(join(REPO, "dist", "review-page", "client", "main.js")))
      throw new Error("run `npm run build` first");
    dir = await pulledCampaign();
  }, 120_000);
  afterEach(async () => {
    killStrayClis();
    await browser?.close();
    browser = undefined;
  });
  afterAll(() => killStrayClis());

  async function staticPage(...flags: string[]): Promise<OpenBrowser> {
    const written = await runCli(["review", "shoot.yaml", "--dir", "out", "--out", "review", ...flags], {
      cwd: dir,
      env: reviewEnv(),
    });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain("review page written to review/index.html (14 videos, 13 pulled file(s)");
    browser = await openBrowser();
    await browser.page.goto(pathToFileURL(join(dir, "review", "index.html")).href);
    return browser;
  }

  it("from file:// lays the grid out by the two largest axes, groups by the third, and every video loads", async () => {
    const { page } = await staticPage();
    const failures: string[] = [];
    page.on("pageerror", (e) => failures.push(e.message));
    expect(await gridShape(page)).toEqual(DEFAULT_SHAPE);
    expect(await page.locator("#grid video").count(), "nothing loads before it is near the viewport").toBeLessThan(13);
    const players = await loadEveryPlayer(page);
    expect(players).toMatchObject({ players: 13, loaded: 13 });
    expect(players.durations.every((d) => d > 0)).toBe(true);
    expect(
      await page.evaluate(`[...document.querySelectorAll("video")].every((v) => v.paused)`),
      "nothing plays until asked",
    ).toBe(true);
    const failed = page.locator('.card[data-key="teaser-2"]');
    await expect.poll(() => failed.locator(".failure").textContent()).toContain("ContentModerationFailed");
    expect(await failed.locator("figure.player.empty").count()).toBe(1);
    expect(failures).toEqual([]);
  }, 90_000);

  it("filters by state, verdict, model and text, hiding and showing the right cells", async () => {
    const { page } = await staticPage();
    await page.selectOption("#filter-state", "failed");
    expect(await visibleKeys(page)).toEqual(["teaser-2"]);
    await page.selectOption("#filter-state", "");
    await page.selectOption("#filter-model", "Hailuo 02");
    expect(await visibleKeys(page)).toEqual(["teaser-1", "teaser-2"]);
    await page.selectOption("#filter-model", "");
    await page.fill("#filter-text", "backpack resting on sand");
    expect((await visibleKeys(page)).sort()).toEqual(["hero-backpack-sand-day", "hero-backpack-sand-night"]);
    await page.fill("#filter-text", "");
    await page.locator('.card[data-key="hero-bottle-marble-day"] button.approve').click();
    await page.selectOption("#filter-verdict", "approved");
    expect(await visibleKeys(page)).toEqual(["hero-bottle-marble-day"]);
    await page.selectOption("#filter-verdict", "none");
    expect(await visibleKeys(page)).toHaveLength(13);
    await page.selectOption("#filter-verdict", "");
    expect(await visibleKeys(page)).toHaveLength(14);
    expect(await page.textContent("#count")).toBe("14 of 14 videos");
    // A static page keeps its clicks in the browser until they are downloaded: a reload still shows them.
    await reloadOnceStored(page);
    const approved = page.locator('.card[data-key="hero-bottle-marble-day"]');
    expect(await approved.getAttribute("data-verdict")).toBe("approved");
    expect(await page.textContent("#save-note")).toContain("1 change(s) not in shoot.review.yaml yet");
    await approved.locator("button.clear").click();
    await reloadOnceStored(page);
    expect(await page.locator('.card[data-key="hero-bottle-marble-day"]').getAttribute("data-verdict")).toBe("none");
  }, 60_000);

  it("follows --rows/--cols, and the in-page pickers change the layout", async () => {
    const { page } = await staticPage("--rows", "light", "--cols", "product");
    const shape = await gridShape(page);
    expect(shape.map((s) => [s.title, s.rows, s.cols])).toEqual([
      ["surface=marble", ["light=day", "light=night"], ["product=sneaker", "product=backpack", "product=bottle"]],
      ["surface=sand", ["light=day", "light=night"], ["product=sneaker", "product=backpack", "product=bottle"]],
      ["Videos without a matrix", [], []],
    ]);
    await page.selectOption("#layout-rows", "product");
    await page.selectOption("#layout-cols", "surface");
    expect(await gridShape(page)).toEqual(DEFAULT_SHAPE);
    const bad = await runCli(["review", "shoot.yaml", "--out", "review", "--rows", "colour"], {
      cwd: dir,
      env: reviewEnv(),
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      '--rows "colour" is not a matrix axis of this campaign (axes: product, surface, light)',
    );
  }, 60_000);

  it("hover plays a video and leaving pauses it; a click opens the lightbox; keys move, approve and close", async () => {
    const { page } = await staticPage();
    const card = page.locator('.card[data-key="hero-sneaker-marble-day"]');
    await card.locator("figure.player video").waitFor();
    await card.locator("figure.player").hover();
    await expect.poll(() => card.locator("video").evaluate((v) => !(v as { paused: boolean }).paused)).toBe(true);
    await page.mouse.move(5, 5);
    await expect.poll(() => card.locator("video").evaluate((v) => (v as { paused: boolean }).paused)).toBe(true);
    await card.locator("figure.player").click();
    await expect.poll(() => page.evaluate(`document.getElementById("lightbox").open`)).toBe(true);
    const lightboxVideo = () => page.evaluate(`document.querySelector("#lightbox video").src.replace(/^.*\\//, "")`);
    expect(await lightboxVideo()).toBe("hero-sneaker-marble-day.mp4");
    expect(await page.locator(".card.focused").getAttribute("data-key"), "the clicked card has the focus").toBe(
      "hero-sneaker-marble-day",
    );
    await page.keyboard.press("ArrowRight");
    expect(await lightboxVideo(), "→ in the lightbox shows the next video").toBe("hero-sneaker-sand-day.mp4");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.evaluate(`document.getElementById("lightbox").open`)).toBe(false);
    expect(await page.locator(".card.focused").getAttribute("data-key")).toBe("hero-sneaker-sand-day");
    await page.keyboard.press("ArrowDown");
    expect(await page.locator(".card.focused").getAttribute("data-key")).toBe("hero-backpack-sand-day");
    // The dialog's "close" event is a queued task: on a busy machine it may arrive after the next key. It must
    // not give the focus back to the card the lightbox showed (CI failed so, with ArrowDown undone).
    await page.evaluate(`document.getElementById("lightbox").dispatchEvent(new Event("close"))`);
    expect(await page.locator(".card.focused").getAttribute("data-key"), "a late close event moves nothing").toBe(
      "hero-backpack-sand-day",
    );
    await page.keyboard.press("a");
    expect(await page.locator(".card.focused").getAttribute("data-verdict")).toBe("approved");
    await page.keyboard.press("u");
    expect(await page.locator(".card.focused").getAttribute("data-verdict")).toBe("none");
  }, 60_000);

  it("offers the verdicts as a download that --import merges next to the manifest", async () => {
    const { page } = await staticPage();
    const card = page.locator('.card[data-key="hero-bottle-sand-night"]');
    await card.locator("input.note").fill("label upside down");
    await card.locator("button.reject").click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    expect(download.suggestedFilename()).toBe("shoot.review.yaml");
    const saved = join(dir, "downloaded.review.yaml");
    await download.saveAs(saved);
    const text = readFileSync(saved, "utf8");
    const parsed = parseReviewText(text, "downloaded.review.yaml");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
    expect(text, "the page writes the CLI's canonical form").toBe(serializeReviewFile(parsed.review, "shoot.yaml"));
    const merged = await runCli(["review", "shoot.yaml", "--import", "downloaded.review.yaml"], {
      cwd: dir,
      env: reviewEnv(),
    });
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain(
      "merged downloaded.review.yaml into shoot.review.yaml: 1 added, 0 updated, 0 unchanged",
    );
    const review = readFileSync(join(dir, "shoot.review.yaml"), "utf8");
    expect(review).toContain(
      '  "hero-bottle-sand-night":\n    - generation: 1\n      verdict: "rejected"\n      note: "label upside down"',
    );
    const plan = await runCli(["plan", "shoot.yaml"], { cwd: dir, env: reviewEnv() });
    expect(plan.stdout).toContain("~ hero-bottle-sand-night  generation 2: rejected in review: label upside down");
  }, 60_000);

  it("--serve saves approve and reject as they are clicked, plan then shows ~ with the note, and requests without the token are refused", async () => {
    const served = startCli(["review", "shoot.yaml", "--dir", "out", "--serve"], dir, reviewEnv());
    let out = "";
    served.child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    await until(async () => /http:\/\/127\.0\.0\.1:\d+\/\S+\//.test(out), 30_000);
    const url = /http:\/\/127\.0\.0\.1:\d+\/\S+\//.exec(out)?.[0] as string;
    const origin = new URL(url).origin;
    const post = (target: string, headers: Record<string, string> = {}) =>
      fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ key: "hero-sneaker-sand-day", generation: 1, verdict: "approved" }),
      });
    expect((await post(`${origin}/api/verdict`)).status).toBe(403);
    expect((await post(`${origin}/not-the-token/api/verdict`)).status).toBe(403);
    expect((await post(`${url}api/verdict`, { origin: "https://evil.example" })).status).toBe(403);
    expect((await fetch(`${origin}/`)).status).toBe(403);

    browser = await openBrowser();
    const { page } = browser;
    await page.goto(url);
    expect(await gridShape(page)).toEqual(DEFAULT_SHAPE);
    expect(await loadEveryPlayer(page)).toMatchObject({ players: 13, loaded: 13 });
    await page.locator('.card[data-key="hero-sneaker-marble-night"] button.approve').click();
    const rejected = page.locator('.card[data-key="hero-backpack-sand-day"]');
    await rejected.locator("input.note").fill("logo is cut off");
    await rejected.locator("input.note").press("Enter");
    const reviewPath = join(dir, "shoot.review.yaml");
    await until(
      async () => existsSync(reviewPath) && readFileSync(reviewPath, "utf8").includes("logo is cut off"),
      15_000,
    );
    const review = readFileSync(reviewPath, "utf8");
    expect(review).toContain(
      '  "hero-backpack-sand-day":\n    - generation: 1\n      verdict: "rejected"\n      note: "logo is cut off"\n      by: "rita"',
    );
    expect(review).toMatch(
      / {2}"hero-sneaker-marble-night":\n {4}- generation: 1\n {6}verdict: "approved"\n {6}by: "rita"\n {6}at: "[^"]+"\n {6}task_id: "[^"]+"/,
    );
    // The page marks the card once the server has answered, which may come just after the file is written.
    await expect.poll(() => rejected.getAttribute("data-verdict"), { timeout: 10_000 }).toBe("rejected");
    if (process.env.REELFORM_UPDATE_SCREENSHOT) {
      // docs/review.md's picture of the page (REELFORM_UPDATE_SCREENSHOT=1 npx vitest run test/review/review-page.test.ts -t serve).
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.evaluate(`window.scrollTo(0, 0)`);
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(REPO, "docs", "review.png") });
    }
    await page.reload();
    expect(
      await page.locator('.card[data-key="hero-backpack-sand-day"]').getAttribute("data-verdict"),
      "a reload shows what was saved",
    ).toBe("rejected");

    const plan = await runCli(["plan", "shoot.yaml"], { cwd: dir, env: reviewEnv() });
    expect(plan.stdout).toContain("~ hero-backpack-sand-day  generation 2: rejected in review: logo is cut off");
    served.child.kill("SIGINT");
    expect((await served.done).code).toBe(0);
  }, 120_000);

  it("apply does what the plan showed for rejected videos, and the earlier generation then plays beside the new one", async () => {
    // The two rejections the tests above click in the page, imported as older decisions (an older decision
    // never replaces a recorded one), so that this test acts on them even when one of those tests failed.
    const earlier = (key: string, note: string) => ({
      key,
      generation: 1,
      verdict: "rejected" as const,
      note,
      at: "2000-01-01T00:00:00.000Z",
    });
    writeFileSync(
      join(dir, "earlier.review.yaml"),
      serializeReviewFile(
        {
          campaign: "shoot",
          verdicts: [
            earlier("hero-backpack-sand-day", "logo is cut off"),
            earlier("hero-bottle-sand-night", "label upside down"),
          ],
        },
        "shoot.yaml",
      ),
    );
    const imported = await runCli(["review", "shoot.yaml", "--import", "earlier.review.yaml"], {
      cwd: dir,
      env: reviewEnv(),
    });
    expect(imported.code, imported.stderr).toBe(0);
    // What `pull` names an earlier generation's file: <key>.g<N>.<ext> beside the current one.
    renameSync(
      join(dir, "out", "shoot", "hero-backpack-sand-day.mp4"),
      join(dir, "out", "shoot", "hero-backpack-sand-day.g1.mp4"),
    );
    const sim = await startSimulator({ taskDurationMs: 200, createRatePerSecond: 0 });
    try {
      const env = reviewEnv({ REELFORM_API_KEY: "sim-review-key", REELFORM_BASE_URL: sim.url });
      const apply = await runCli(["apply", "shoot.yaml", "--auto-approve"], { cwd: dir, env });
      expect(apply.code, apply.stderr).toBe(0);
      expect(apply.stdout).toContain("~ hero-backpack-sand-day  generation 2: rejected in review: logo is cut off");
      expect(sim.state().requests.filter((r) => r.path !== "/__sim/state" && r.outcome === "created")).toHaveLength(2);
      expect(
        (await runCli(["status", "shoot.yaml", "--wait", "--timeout", "60s"], { cwd: dir, env })).stdout,
      ).toContain("14 task(s)");
      expect((await runCli(["pull", "shoot.yaml", "--dir", "out"], { cwd: dir, env })).code).toBe(0);
    } finally {
      await sim.close();
    }
    const lock = parseLockfileText(readFileSync(join(dir, "shoot.lock.json"), "utf8"), "shoot.lock.json") as {
      entries: Record<string, { generation: number; earlier?: { generation: number }[] }>;
    };
    expect(lock.entries["hero-backpack-sand-day"]).toMatchObject({ generation: 2, earlier: [{ generation: 1 }] });
    const plan = await runCli(["plan", "shoot.yaml"], { cwd: dir, env: reviewEnv() });
    expect(plan.stdout).toContain("Nothing to do");
    expect(plan.stderr, "a verdict on an earlier generation that still exists is not stale").toBe("");

    const { page } = await staticPage();
    const card = page.locator('.card[data-key="hero-backpack-sand-day"]');
    await card.scrollIntoViewIfNeeded();
    expect(await card.locator("figcaption").allTextContents()).toEqual(["current: g2", "g1 · succeeded, rejected"]);
    await expect
      .poll(() =>
        card
          .locator("video")
          .evaluateAll((vs) =>
            vs.map(
              (v) =>
                (v as { readyState: number; duration: number }).readyState >= 1 &&
                (v as { duration: number }).duration > 0,
            ),
          ),
      )
      .toEqual([true, true]);
    expect(
      await card
        .locator("video")
        .evaluateAll((vs) => vs.map((v) => (v as { src: string }).src.replace(/^.*\//, "").replace(/#.*$/, ""))),
    ).toEqual(["hero-backpack-sand-day.mp4", "hero-backpack-sand-day.g1.mp4"]);
  }, 120_000);
});
