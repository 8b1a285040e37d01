// Issue 16, item 13: after a `~` replace, pull keeps the earlier generation's file next to the current one
// (`<key>.g<N>.<ext>`) instead of overwriting it, and reports (with --prune, removes) orphaned files.
// Built CLI against the simulator.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import { applyCli, campaignDir, cliEnv, e2eSimulators, startCli } from "../e2e/apply-helpers.js";

const sims = e2eSimulators();
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("pull after a replace", { timeout: 120_000 }, () => {
  it("keeps generation 1 as clip-1.g1.mp4, downloads generation 2 as clip-1.mp4, and reports orphans until --prune", async () => {
    const sim = await sims.start({ latency: 5, createRatePerSecond: 0, taskDurationMs: 200 });
    const c = await campaignDir(2);
    const env = cliEnv(sim.url);
    const cli = async (...args: string[]) => {
      const result = await startCli(args, c.dir, env).done;
      expect(result.code, `${args.join(" ")}\n${result.stderr}`).toBe(0);
      return result;
    };
    expect((await applyCli(c.dir, env)).code).toBe(0);
    await cli("status", "launch.yaml", "--wait", "--timeout", "60s");
    await cli("pull", "launch.yaml");
    const folder = join(c.dir, "out", "e2e");
    const first = sha(join(folder, "clip-1.mp4"));

    expect((await applyCli(c.dir, env, "--replace", "clip-1")).code).toBe(0);
    await cli("status", "launch.yaml", "--wait", "--timeout", "60s");
    const pulled = await cli("pull", "launch.yaml");
    expect(pulled.stdout).toContain("kept generation 1 of clip-1: out/e2e/clip-1.mp4 -> out/e2e/clip-1.g1.mp4");
    expect(readdirSync(folder).sort()).toEqual(["clip-1.g1.mp4", "clip-1.mp4", "clip-2.mp4"]);
    expect(sha(join(folder, "clip-1.g1.mp4"))).toBe(first);
    const lockfile = await readLockfile(c.lockfile);
    const entry = lockfile?.entries["clip-1"];
    expect(entry?.generation).toBe(2);
    expect(sha(join(folder, "clip-1.mp4"))).toBe(entry?.task?.outputs[0]?.sha256);
    expect(sha(join(folder, "clip-1.mp4"))).not.toBe(first);

    // Pulling again changes nothing: every file, current and earlier, is already complete.
    const again = JSON.parse((await cli("pull", "launch.yaml", "--json")).stdout) as {
      summary: Record<string, number>;
      files: { path: string; status: string; earlier?: boolean }[];
    };
    expect(again.summary).toMatchObject({ downloaded: 0, skipped: 3, failed: 0, kept: 0, orphaned: 0 });
    expect(again.files.find((f) => f.path === "out/e2e/clip-1.g1.mp4")).toMatchObject({
      status: "skipped",
      earlier: true,
    });

    // clip-2 leaves the manifest (apply retires its entry: its file still belongs to it) and a stray file appears.
    writeFileSync(c.manifest, readFileSync(c.manifest, "utf8").replace("n: [1, 2]", "n: [1]"));
    expect((await applyCli(c.dir, env)).code).toBe(0);
    writeFileSync(join(folder, "notes.txt"), "mine");
    const report = await cli("pull", "launch.yaml");
    expect(report.stdout).toContain(
      "1 retired key(s) not pulled (no longer in the manifest; --include-retired fetches them): clip-2",
    );
    expect(report.stdout).toContain(
      "1 orphaned file(s) (no current or earlier generation of any key in the lockfile): out/e2e/notes.txt; remove them with --prune",
    );
    const pruned = await cli("pull", "launch.yaml", "--prune");
    expect(pruned.stdout).toContain("removed 1 orphaned file(s): out/e2e/notes.txt");
    expect(readdirSync(folder).sort()).toEqual(["clip-1.g1.mp4", "clip-1.mp4", "clip-2.mp4"]);
    // Once forgotten with `state rm`, clip-2's file is orphaned like any other.
    await cli("state", "rm", "launch.yaml", "clip-2", "--auto-approve");
    const prunedAgain = await cli("pull", "launch.yaml", "--prune");
    expect(prunedAgain.stdout).toContain("removed 1 orphaned file(s): out/e2e/clip-2.mp4");
    expect(readdirSync(folder).sort()).toEqual(["clip-1.g1.mp4", "clip-1.mp4"]);
  });
});
