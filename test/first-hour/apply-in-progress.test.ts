// Issue 16, item 10: `status` while the first apply runs says an apply is in progress (who, since when, how
// far), from the lock and the journal, instead of "nothing has been applied". Built CLI against the simulator.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeApplyInProgress } from "../../src/status/apply-in-progress.js";
import { campaignDir, cliEnv, e2eSimulators, startCli, until } from "../e2e/apply-helpers.js";

const sims = e2eSimulators();

describe("status during a running apply", { timeout: 120_000 }, () => {
  it("names the apply, its owner and start, and how many requests have been answered", async () => {
    // 20 requests, 2 a second: the apply runs for about 10 s, long enough to ask in the middle.
    const sim = await sims.start({ latency: 5, createRatePerSecond: 0 });
    const c = await campaignDir(20);
    const env = cliEnv(sim.url);
    const apply = startCli(["apply", "launch.yaml", "--auto-approve", "--rate", "2", "--parallelism", "1"], c.dir, env);
    await until(async () => existsSync(`${c.lockfile}.journal`) && sim.state().tasks.length >= 2, 60_000);
    expect(existsSync(c.lockfile)).toBe(false);

    const status = await startCli(["status", "launch.yaml"], c.dir, env).done;
    expect(status.code).toBe(1);
    expect(status.stderr).not.toContain("nothing has been applied");
    expect(status.stderr).toMatch(
      /an apply is in progress: "apply launch\.yaml" by \S+@\S+ \(pid \d+\) since \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+s ago\); \d+ of 20 request\(s\) answered \(\d+ created\)/,
    );
    expect(status.stderr).toContain("run `reelform status launch.yaml` again then");

    const pull = await startCli(["pull", "launch.yaml"], c.dir, env).done;
    expect(pull.stderr).toContain("an apply is in progress");

    apply.child.kill("SIGTERM");
    await apply.done;
  });
});

describe("describing a running apply", () => {
  const lock = {
    id: "l1",
    command: "apply launch.yaml",
    owner: "ana",
    host: "ci-7",
    pid: 4242,
    started_at: "2026-11-30T05:00:00.000Z",
  };
  const now = Date.parse("2026-11-30T05:02:05.000Z");

  it("counts answers by outcome against the run's total, and those still awaited", () => {
    const text = describeApplyInProgress(
      { lock, sending: true, total: 40, started: 13, answered: { created: 11, rejected: 1 } },
      now,
    );
    expect(text).toBe(
      'an apply is in progress: "apply launch.yaml" by ana@ci-7 (pid 4242) since 2026-11-30T05:00:00.000Z (2m ago); 12 of 40 request(s) answered (11 created, 1 rejected), 1 awaiting an answer',
    );
  });

  it("without a journal it is not sending (planning, confirming, or following its tasks)", () => {
    expect(describeApplyInProgress({ lock, sending: false, started: 0, answered: {} }, now)).toContain(
      "it is not sending requests right now",
    );
  });
});
