// The review page reads the recorded set through the state seam: the same campaign applied and pulled with its
// state in the lockfile and in PostgreSQL (test/helpers/state-backends.ts) gives the same page data, and the
// page built from either lays out and plays in Chromium. Only this part is run per backend: the rest of the
// review page's tests (review-page.test.ts) do not read state beyond what this compares.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";
import { stateBackends, type StateBackend } from "../helpers/state-backends.js";
import { gridShape, hasChromium, loadEveryPlayer, openBrowser, type OpenBrowser } from "./browser.js";
import { pulledCampaign, reviewEnv } from "./campaign.js";

const backends = stateBackends();
/** Each backend's campaign folder and the environment that points the CLI at its state. */
const campaigns = new Map<StateBackend["name"], { dir: string; env: Record<string, string> }>();

/** Values that differ between two runs of the same campaign: task ids, times, and the simulator's URLs. */
const VOLATILE = /^(task_id|submitted_at|generatedAt|.*_time|src)$/;

/** The page's inlined data, volatile values replaced by their kind. */
function pageData(dir: string): unknown {
  const html = readFileSync(join(dir, "review", "index.html"), "utf8");
  const json = /<script type="application\/json" id="reelform-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error("no reelform-data in the page");
  return JSON.parse(json, (key, value: unknown) =>
    VOLATILE.test(key) && typeof value === "string" ? (value.startsWith("http") ? "<url>" : `<${key}>`) : value,
  );
}

let browser: OpenBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe.each(backends.map((b) => [b.name, b] as const))("review from %s state", { timeout: 180_000 }, (name, b) => {
  beforeAll(async () => {
    let env: Record<string, string> = {};
    const dir = await pulledCampaign(async (lockfile) => (env = await b.prepare(lockfile)));
    campaigns.set(name, { dir, env: reviewEnv(env) });
  }, 180_000);

  it("writes the page from the recorded set: 14 videos, 13 pulled files, the failed teaser with its reason", async () => {
    const { dir, env } = campaigns.get(name)!;
    const written = await runCli(["review", "shoot.yaml", "--dir", "out", "--out", "review"], { cwd: dir, env });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain("review page written to review/index.html (14 videos, 13 pulled file(s)");
    expect(JSON.stringify(pageData(dir))).toContain("ContentModerationFailed");
    if (name !== "file") expect(pageData(dir)).toEqual(pageData(campaigns.get("file")!.dir));
  });

  it.skipIf(!hasChromium)(
    "the page lays the grid out by the matrix and every pulled video loads in Chromium",
    async () => {
      const { dir } = campaigns.get(name)!;
      browser = await openBrowser();
      const failures: string[] = [];
      browser.page.on("pageerror", (e) => failures.push(e.message));
      await browser.page.goto(pathToFileURL(join(dir, "review", "index.html")).href);
      expect((await gridShape(browser.page)).map((s) => [s.title, s.rows.length, s.cols.length])).toEqual([
        ["light=day", 3, 2],
        ["light=night", 3, 2],
        ["Videos without a matrix", 0, 0],
      ]);
      expect(await loadEveryPlayer(browser.page)).toMatchObject({ players: 13, loaded: 13 });
      expect(failures).toEqual([]);
    },
  );
});
