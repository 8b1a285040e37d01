// The review page for a team that reviews for an hour (issue 28), and verdicts only on what was seen
// (issue 21): check badges and the "failed a check" filter, the sticky counter, a reviewer name required
// before a verdict is saved, no verdict on a card without a playable video (page, --serve and --import),
// thumbnails of at least 360 px over the full width with a size control, first frames painted as posters,
// and screenshots at 1,400 and 1,920 px (REELFORM_UPDATE_SCREENSHOT=1 rewrites docs/review-1400.png and
// docs/review-1920.png).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readVerdictRequest } from "../../src/review/verdict-request.js";
import type { ReviewCell } from "../../src/review/data.js";
import { REPO, runCli } from "../helpers/exec.js";
import { hasChromium, openBrowser, visibleKeys, type OpenBrowser } from "./browser.js";
import { pulledCampaign, reviewEnv } from "./campaign.js";

let dir = "";
let browser: OpenBrowser | undefined;

function cell(overrides: Partial<ReviewCell>): ReviewCell {
  return {
    key: "k",
    video: "v",
    prompt: "",
    model: "Kling",
    version: "2.1",
    resolution: "720P",
    seconds: 5,
    generation: 1,
    state: "succeeded",
    earlier: [],
    ...overrides,
  };
}

describe("verdicts only on what was seen (the served page's API)", () => {
  const now = new Date("2026-05-01T10:00:00Z");
  it("refuses a verdict on a generation with no playable video, and one without a reviewer", () => {
    const unseen = new Map([["k", cell({ state: "submitted" })]]);
    expect(() => readVerdictRequest({ key: "k", generation: 1, verdict: "approved", by: "rita" }, unseen, now)).toThrow(
      /no playable video \(not pulled, and no unexpired URL\)/,
    );
    const seen = new Map([["k", cell({ media: { src: "out/k.mp4", from: "file" } })]]);
    expect(() => readVerdictRequest({ key: "k", generation: 1, verdict: "rejected", by: "" }, seen, now)).toThrow(
      /a reviewer name is required/,
    );
    expect(
      readVerdictRequest({ key: "k", generation: 1, verdict: "approved", by: "rita" }, seen, now).verdict,
    ).toMatchObject({ verdict: "approved", by: "rita" });
    expect(readVerdictRequest({ key: "k", generation: 1, verdict: null, by: "" }, unseen, now).verdict).toBeNull(); // clearing is always allowed
  });
});

describe.skipIf(!hasChromium)("the review page for a team (Chromium)", () => {
  beforeAll(async () => {
    dir = await pulledCampaign();
    // One video failed a check (as `reelform check` records it), on the very file pulled.
    const lockPath = join(dir, "shoot.lock.json");
    const lock = JSON.parse(readFileSync(lockPath, "utf8"));
    const entry = lock.entries["hero-sneaker-marble-day"];
    entry.checks = {
      sha256: entry.task.outputs[0].sha256,
      results: [
        {
          check: "duration",
          outcome: "passed",
          measured: "5s",
          asked: "5s ± 0.5s",
          tool: "mediabunny",
          version: "1.61.0",
        },
        {
          check: "aspect_ratio",
          outcome: "failed",
          measured: "16:9",
          asked: "9:16",
          tool: "mediabunny",
          version: "1.61.0",
        },
        { check: "black_frames", outcome: "not_run", tool: "ffmpeg", note: "ffmpeg not found on PATH" },
      ],
    };
    writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  }, 120_000);
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  async function staticPage(width: number, env = reviewEnv({ REELFORM_REVIEWER: "" })): Promise<OpenBrowser> {
    const written = await runCli(["review", "shoot.yaml", "--dir", "out", "--out", "review"], { cwd: dir, env });
    expect(written.code, written.stderr).toBe(0);
    browser = await openBrowser({ width, height: 900 });
    await browser.page.goto(pathToFileURL(join(dir, "review", "index.html")).href);
    await browser.page.locator(".card").first().waitFor();
    return browser;
  }

  it("shows check badges with the measured value, filters on a failed check, and counts in a sticky header", async () => {
    const { page } = await staticPage(1400);
    const card = page.locator('.card[data-key="hero-sneaker-marble-day"]');
    expect(await card.locator(".checks .badge").allTextContents()).toEqual([
      "✓ duration 5s",
      "✗ aspect_ratio 16:9",
      "– black_frames not run",
    ]);
    expect(await card.locator(".check-failed").getAttribute("title")).toBe("aspect_ratio failed: got 16:9, asked 9:16");
    await page.selectOption("#filter-checks", "failed");
    expect(await visibleKeys(page)).toEqual(["hero-sneaker-marble-day"]);
    await page.selectOption("#filter-checks", "");
    expect(await page.textContent("#counter")).toBe("0 of 14 reviewed · 0 approved · 0 rejected · 1 failed checks");
    // The state is said once: a badge with the generation, no "generation 1" in the facts, no state in the caption.
    expect(await card.locator(".badge.state-succeeded").textContent()).toBe("g1 · succeeded");
    expect(await card.locator(".facts").textContent()).not.toContain("generation");
    expect(await card.locator("figcaption").count()).toBe(0);
    await page.mouse.wheel(0, 3000);
    expect(
      await page
        .locator("header.top")
        .evaluate((h) => (h as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top),
    ).toBe(0);
  });

  it("asks for a reviewer name once before saving a verdict, and remembers it in the page", async () => {
    const { page } = await staticPage(1400);
    const card = page.locator('.card[data-key="hero-bottle-sand-night"]');
    await card.scrollIntoViewIfNeeded();
    await card.locator("button.approve").click();
    expect(await card.getAttribute("data-verdict")).toBe("none");
    expect(await card.locator(".verdict").textContent()).toContain("enter your name in Reviewer first");
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id,
      ),
    ).toBe("reviewer");
    await page.fill("#reviewer", "ana");
    await page.press("#reviewer", "Tab");
    await card.locator("button.approve").click();
    expect(await card.getAttribute("data-verdict")).toBe("approved");
    expect(await card.locator(".verdict").textContent()).toBe("approved (ana)");
    expect(await page.textContent("#counter")).toBe("1 of 14 reviewed · 1 approved · 0 rejected · 1 failed checks");
    await page.reload();
    await page.locator(".card").first().waitFor();
    expect(await page.inputValue("#reviewer"), "remembered in the page").toBe("ana");
  });

  it("offers no verdict on a card without a playable video, and says why", async () => {
    const { page } = await staticPage(1400);
    const card = page.locator('.card[data-key="teaser-2"]');
    await card.scrollIntoViewIfNeeded();
    expect(await card.locator("button.approve, button.reject").count()).toBe(0);
    expect(await card.locator(".unseen").textContent()).toContain(
      "No playable video (not pulled, and no unexpired URL)",
    );
    await card.focus();
    await page.keyboard.press("a");
    expect(await card.getAttribute("data-verdict")).toBe("none");
  });

  it("review --import refuses verdicts on videos nobody can have seen, and imports nothing", async () => {
    const file = join(dir, "incoming.review.yaml");
    writeFileSync(
      file,
      'format_version: 1\ncampaign: "shoot"\nverdicts:\n  "teaser-2":\n    - { generation: 1, verdict: approved, by: ana, at: "2026-05-01T10:00:00Z" }\n  "hero-bottle-marble-day":\n    - { generation: 1, verdict: approved, by: ana, at: "2026-05-01T10:00:00Z" }\n',
    );
    const reviewPath = join(dir, "shoot.review.yaml");
    const before = existsSync(reviewPath) ? readFileSync(reviewPath, "utf8") : "absent";
    const imported = await runCli(["review", "shoot.yaml", "--dir", "out", "--import", "incoming.review.yaml"], {
      cwd: dir,
      env: reviewEnv(),
    });
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(
      "refused to import 1 verdict(s) on videos nobody can have seen; nothing was imported",
    );
    expect(imported.stderr).toContain("teaser-2 generation 1 has no playable video");
    expect(existsSync(reviewPath) ? readFileSync(reviewPath, "utf8") : "absent").toBe(before);
  });

  it.each([1400, 1920])(
    "at %i px: full width, thumbnails of at least 360 px with a size control, first frames painted (screenshot)",
    async (width) => {
      const { page } = await staticPage(width, reviewEnv());
      const grid = await page.locator("main#grid").boundingBox();
      expect(grid?.width).toBeGreaterThanOrEqual(width - 40);
      const header = await page.locator(".title-row").boundingBox();
      expect(header?.height, "the title row does not wrap").toBeLessThan(40);
      const players = page.locator(".plain-grid .card figure.player");
      expect((await players.first().boundingBox())?.width).toBeGreaterThanOrEqual(340);
      await page.locator("#thumb-size").fill("480");
      expect((await players.first().boundingBox())?.width).toBeGreaterThanOrEqual(460);
      await page.locator("#thumb-size").fill("360");
      // Posters: each visible player paints its first frame (a media fragment), so a screenshot is not black boxes.
      await expect
        .poll(
          () =>
            page
              .locator("video")
              .evaluateAll((vs) => vs.filter((v) => (v as unknown as { readyState: number }).readyState >= 2).length),
          { timeout: 20_000 },
        )
        .toBeGreaterThan(2);
      if (process.env.REELFORM_UPDATE_SCREENSHOT === "1")
        await page.screenshot({ path: join(REPO, "docs", `review-${width}.png`) });
    },
    60_000,
  );
});

describe("review --bundle", () => {
  it("writes the page and every pulled video it links to into one zip that works once unzipped", async () => {
    const bundleDir = await pulledCampaign();
    const result = await runCli(["review", "shoot.yaml", "--dir", "out", "--bundle", "shoot-review.zip"], {
      cwd: bundleDir,
      env: reviewEnv(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("review bundle written to shoot-review.zip (index.html and 13 pulled video(s)");
    const unzipped = join(bundleDir, "unzipped");
    execFileSync("python3", ["-m", "zipfile", "-e", join(bundleDir, "shoot-review.zip"), unzipped]);
    const html = readFileSync(join(unzipped, "index.html"), "utf8");
    expect(html).toContain('"src":"videos/shoot/hero-sneaker-marble-day.mp4"');
    expect(
      readFileSync(join(unzipped, "videos", "shoot", "hero-sneaker-marble-day.mp4")).equals(
        readFileSync(join(bundleDir, "out", "shoot", "hero-sneaker-marble-day.mp4")),
      ),
    ).toBe(true);
    const refused = await runCli(["review", "shoot.yaml", "--bundle", "a.zip", "--out", "review"], {
      cwd: bundleDir,
      env: reviewEnv(),
    });
    expect(refused.stderr).toContain(
      "--out, --bundle, --serve and --import are separate ways to review: give one of them",
    );
  }, 120_000);
});
