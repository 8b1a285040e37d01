// Issue 24: status, list, show and review on a 150,000-entry lockfile (before: status and list died of
// "Maximum call stack size exceeded", show parsed 190 MB to print one entry). The lockfile is written here
// entry by entry (bench/_lockfile-fixture.mjs, as bench/scale.mjs does); the built CLI runs on it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scaleKey, scaleManifestYaml, writeScaleLockfile } from "../../bench/_lockfile-fixture.mjs";
import { runCli } from "../helpers/exec.js";

const COUNT = 150_000;
const dir = mkdtempSync(join(tmpdir(), "reelform-scale-"));
// Generous: these spawn the CLI on a 230 MB lockfile, on a machine that may be busy; nothing is timed.
const SLOW = { timeout: 600_000 };
const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, timeoutMs: 540_000, env });

beforeAll(async () => {
  writeFileSync(join(dir, "s.yaml"), scaleManifestYaml(COUNT));
  await writeScaleLockfile(join(dir, "s.lock.json"), COUNT);
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`${COUNT.toLocaleString("en-US")} entries (issue 24)`, () => {
  it("list prints one row per key", SLOW, async () => {
    const result = await run(["list", "s.yaml"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(COUNT + 1);
    expect(lines[1]).toMatch(new RegExp(`^${scaleKey(0)}\\s+1\\s+succeeded\\s+1500000-AigcVideoTask-`));
    expect(lines.at(-1)).toMatch(new RegExp(`^${scaleKey(COUNT - 1)}\\s`));
  });

  it("show prints one entry, reading only that entry (in a 48 MB heap, a fraction of the file)", SLOW, async () => {
    const key = scaleKey(123_456);
    const result = await run(["show", "s.yaml", key], { NODE_OPTIONS: "--max-old-space-size=48" });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`key:          ${key}\n`);
    expect(result.stdout).toContain(`output:       https://1500000.vod-qcloud.com/`);
    expect(result.stdout).toContain(`"prompt": "Product 0123456 turning slowly`);
  });

  it("review writes the page of every video", SLOW, async () => {
    const result = await run(["review", "s.yaml", "--max-requests", String(COUNT), "--out", "page"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`(${COUNT} videos,`);
    expect(readFileSync(join(dir, "page", "index.html"), "utf8")).toContain(scaleKey(COUNT - 1));
  });

  it("status summarises by state and lists the failures; --all and --json give every entry", SLOW, async () => {
    const result = await run(["status", "s.yaml"]);
    expect(result.code).toBe(0); // one pass: every query answered (none was needed)
    expect(result.stdout).toContain(`${COUNT} entries, more than a screenful`);
    expect(result.stdout).toMatch(/^STATE\s+ENTRIES\nsucceeded\s+149699\nfailed\s+151\nexpired\s+150\n/m);
    expect(result.stdout).toContain("The first 100 of 301 failures:");
    expect(result.stdout).toContain(`${COUNT} task(s): 149699 succeeded, 151 failed, 150 expired`);
    expect(result.stdout.split("\n").length).toBeLessThan(200);
    const all = await run(["status", "s.yaml", "--all"]);
    expect(all.stdout.split("\n").filter((l) => l.startsWith("item-"))).toHaveLength(COUNT);
    const json = await run(["status", "s.yaml", "--json"]);
    const document = JSON.parse(json.stdout) as { summary: { total: number }; entries: { key: string }[] };
    expect(document.summary.total).toBe(COUNT);
    expect(document.entries).toHaveLength(COUNT);
    expect(document.entries[COUNT - 1]?.key).toBe(scaleKey(COUNT - 1));
  });
});
