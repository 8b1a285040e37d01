// A campaign with both `rows:` and `matrix:` gets a grid (issue 21, reproduction 4): the data row is an axis
// ("row", named by the row's first column) next to the matrix axes, and --rows/--cols may also name a data
// column. Before, `review --rows format` answered that "format" is not a matrix axis ("it has no matrix").
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { ReviewData } from "../../src/review/data.js";
import { runCli } from "../helpers/exec.js";
import { gridShape, hasChromium, openBrowser, type OpenBrowser } from "./browser.js";
import { reviewEnv } from "./campaign.js";

const MANIFEST = `version: 1
campaign: launch
defaults:
  model_name: Kling
  model_version: "2.1"
  output_config: { resolution: 720P, duration: 5 }
videos:
  - name: "{{sku}}-{{format}}"
    rows: products.csv
    prompt: "{{title}} in {{format}}"
    matrix:
      format: ["16:9", "9:16"]
`;

function campaign(): string {
  const dir = mkdtempSync(join(tmpdir(), "reelform-rows-matrix-"));
  writeFileSync(join(dir, "launch.yaml"), MANIFEST);
  writeFileSync(
    join(dir, "products.csv"),
    "sku,title,family\ncp-5,Camp pot,cook\ncp-7,Camp stove,cook\ntn-2,Tent,sleep\n",
  );
  return dir;
}

function pageData(dir: string): ReviewData {
  const html = readFileSync(join(dir, "review", "index.html"), "utf8");
  const json = /<script type="application\/json" id="reelform-data">(.*?)<\/script>/s.exec(html)?.[1] ?? "{}";
  return JSON.parse(json) as ReviewData;
}

let browser: OpenBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe("review of a rows × matrix campaign", () => {
  it("review --rows format lays the grid out by the matrix axis and the data row", async () => {
    const dir = campaign();
    const result = await runCli(["review", "launch.yaml", "--rows", "format", "--out", "review"], {
      cwd: dir,
      env: reviewEnv(),
    });
    expect(result.code, result.stderr).toBe(0);
    const data = pageData(dir);
    expect(data.axes).toEqual([
      { name: "format", values: ["16:9", "9:16"] },
      { name: "row", values: ["cp-5", "cp-7", "tn-2"] },
    ]);
    expect(data.cells.find((c) => c.key === "cp-7-9:16")?.axes).toEqual({ format: "9:16", row: "cp-7" });
    if (!hasChromium) return;
    browser = await openBrowser({ width: 1400, height: 900 });
    await browser.page.goto(pathToFileURL(join(dir, "review", "index.html")).href);
    await browser.page.locator(".card").first().waitFor();
    const [section] = await gridShape(browser.page);
    expect(section).toMatchObject({
      rows: ["format=16:9", "format=9:16"],
      cols: ["row=cp-5", "row=cp-7", "row=tn-2"],
      slots: [1, 1, 1, 1, 1, 1],
      plain: 0,
    });
  }, 60_000);

  it("--cols may name a data column: it becomes an axis next to the matrix axes", async () => {
    const dir = campaign();
    const result = await runCli(["review", "launch.yaml", "--rows", "format", "--cols", "family", "--out", "review"], {
      cwd: dir,
      env: reviewEnv(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(pageData(dir).axes.map((a) => a.name)).toEqual(["format", "row", "family"]);
    const wrong = await runCli(["review", "launch.yaml", "--rows", "colour", "--out", "review"], {
      cwd: dir,
      env: reviewEnv(),
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--rows "colour" is not a matrix axis of this campaign (axes: format, row)');
  });
});
