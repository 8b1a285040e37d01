// One lockfile, two providers: entries created through the gateway stay there (plan says so, nothing is
// generated again) and status asks each entry of the provider that created it.
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import { applyCli, campaignDir, cliEnv, e2eSimulators, startCli } from "../e2e/apply-helpers.js";
import { tencentEnv } from "./helpers.js";

const sims = e2eSimulators();

describe("switching provider on a manifest with entries (end to end)", { timeout: 120_000 }, () => {
  it("shows the switch in plan, creates only the new keys through tencent, and status queries each where it was created", async () => {
    const sim = await sims.start({ latency: 0, createRatePerSecond: 0, taskDurationMs: 200 });
    const c = await campaignDir(2);
    expect((await applyCli(c.dir, cliEnv(sim.url))).code).toBe(0);
    const bigger = await campaignDir(4);
    await writeFile(c.manifest, await readFile(bigger.manifest, "utf8"));

    const env = { ...tencentEnv(sim.url), REELFORM_API_KEY: "sk-e2e-SECRET-7f3a9c", REELFORM_BASE_URL: sim.url };
    const plan = await startCli(["plan", "launch.yaml"], c.dir, env).done;
    expect(plan.stderr).toContain("the provider is tencent, but 2 recorded entries were created through gateway");
    expect(plan.stdout).toMatch(/\+ clip-3/);
    expect(plan.stdout).not.toMatch(/[+~] clip-1/);

    expect((await applyCli(c.dir, env)).code).toBe(0);
    const lock = await readLockfile(c.lockfile);
    expect(
      Object.fromEntries(Object.entries(lock?.entries ?? {}).map(([k, e]) => [k, e.provider ?? "gateway"])),
    ).toEqual({ "clip-1": "gateway", "clip-2": "gateway", "clip-3": "tencent", "clip-4": "tencent" });
    expect(sim.state().tasks).toHaveLength(4);

    const before = sim.state().requests.length;
    const status = await startCli(["status", "launch.yaml", "--wait", "--timeout", "60s"], c.dir, env).done;
    expect(status.code, status.stderr).toBe(0);
    const queried = sim.state().requests.slice(before);
    const gatewayTaskIds = new Set(
      queried.filter((r) => r.path.startsWith("/tencent-vod/v1/query/")).map((r) => r.task_id),
    );
    const tencentTaskIds = new Set(
      queried.filter((r) => r.path === "/?Action=DescribeTaskDetail").map((r) => r.task_id),
    );
    expect([...gatewayTaskIds].sort()).toEqual(
      [lock?.entries["clip-1"]?.task_id, lock?.entries["clip-2"]?.task_id].sort(),
    );
    expect([...tencentTaskIds].sort()).toEqual(
      [lock?.entries["clip-3"]?.task_id, lock?.entries["clip-4"]?.task_id].sort(),
    );
  });
});
