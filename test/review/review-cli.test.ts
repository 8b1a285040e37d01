// `reelform review` as a user runs it, without a browser: the page file, and one clear error per mistake.
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";
import { MANIFEST, reviewEnv } from "./campaign.js";

async function campaign(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "reelform-review-cli-"));
  await writeFile(join(dir, "shoot.yaml"), MANIFEST);
  await writeFile(join(dir, "teasers.yaml"), "- { n: 1, mood: calm }\n");
  return dir;
}

describe("reelform review (command line)", () => {
  it("writes one self-contained page before anything was applied, every video planned", async () => {
    const dir = await campaign();
    const result = await runCli(["review", "shoot.yaml"], { cwd: dir, env: reviewEnv() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      "reelform: review page written to review/index.html (13 videos, 0 pulled file(s) linked relative to it)\n",
    );
    const html = readFileSync(join(dir, "review", "index.html"), "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|https?:\/\/(?!www\.w3\.org)/);
    const data = JSON.parse(
      /<script type="application\/json" id="reelform-data">(.*?)<\/script>/s.exec(html)?.[1] ?? "{}",
    ) as { cells: { state: string }[]; axes: { name: string }[] };
    expect(data.cells.map((c) => c.state)).toEqual(Array(13).fill("planned"));
    expect(data.axes.map((a) => a.name)).toEqual(["product", "surface", "light"]);
  });

  it("escapes a prompt that would close the inline data script", async () => {
    const dir = await campaign();
    writeFileSync(join(dir, "teasers.yaml"), '- { n: 1, mood: "</script><script>alert(1)</script>" }\n');
    expect((await runCli(["review", "shoot.yaml"], { cwd: dir, env: reviewEnv() })).code).toBe(0);
    const html = readFileSync(join(dir, "review", "index.html"), "utf8");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("\\u003c/script>\\u003cscript>alert(1)");
  });

  it("gives one clear error for each mistake", async () => {
    const dir = await campaign();
    writeFileSync(join(dir, "notadir"), "");
    const cases: [string[], string][] = [
      [
        ["--serve", "--out", "x"],
        "reelform: --out, --bundle, --serve and --import are separate ways to review: give one of them",
      ],
      [["--import", "nope.yaml"], "reelform: cannot import nope.yaml: no such file"],
      [
        ["--cols", "size"],
        'reelform: --cols "size" is not a matrix axis of this campaign (axes: product, surface, light)',
      ],
      [["--out", "notadir"], "reelform: cannot write the review page to notadir/index.html: EEXIST"],
    ];
    for (const [flags, message] of cases) {
      const result = await runCli(["review", "shoot.yaml", ...flags], { cwd: dir, env: reviewEnv() });
      expect([result.code, result.stderr], flags.join(" ")).toEqual([1, expect.stringContaining(message)]);
      expect(result.stderr).not.toContain("    at ");
    }
    writeFileSync(
      join(dir, "shoot.review.yaml"),
      'format_version: 1\ncampaign: "shoot"\nverdicts:\n  k:\n    - { generation: 1, verdict: fine, at: "2026-05-01T00:00:00Z" }\n',
    );
    const damaged = await runCli(["plan", "shoot.yaml"], { cwd: dir, env: reviewEnv() });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain("shoot.review.yaml:5:");
    expect(damaged.stderr).toContain("verdict must be approved or rejected");
  });
});
