// Four runners on one account share its create rate through the state database.
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { postgresBackend } from "../helpers/state-backends.js";
import { POSTGRES_SKIP_REASON, postgresAvailable } from "../helpers/postgres.js";
import { campaignDir, cliEnv, e2eSimulators, startCli } from "../e2e/apply-helpers.js";

if (!postgresAvailable) console.warn(`skipping the shared budget test: ${POSTGRES_SKIP_REASON}`);

const sims = e2eSimulators();

/** The most of these sorted times within any one second (a sliding window, as the simulator's limit counts). */
function mostInOneSecond(times: readonly number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
const db = postgresAvailable ? postgresBackend() : undefined;

describe.skipIf(!postgresAvailable)("one account budget across runners", { timeout: 240_000 }, () => {
  it("four applies on four manifests, one database, one account at 20 creates/s: never more than 20 in any second, no 429 after the first second, nobody starves", async () => {
    const sim = await sims.start({ latency: 5, createRatePerSecond: 20 });
    const campaigns = ["north", "south", "east", "west"];
    const dirs = await Promise.all(
      campaigns.map(async (name) => {
        const c = await campaignDir(30);
        await writeFile(c.manifest, (await readFile(c.manifest, "utf8")).replace("campaign: e2e", `campaign: ${name}`));
        return c;
      }),
    );
    const state = await db!.prepare(dirs[0]!.lockfile);
    const env = cliEnv(sim.url, state);
    const runs = await Promise.all(
      dirs.map((c) => startCli(["apply", "launch.yaml", "--auto-approve", "--parallelism", "8"], c.dir, env).done),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);

    const campaignOf = new Map(
      sim.state().tasks.map((t) => [t.session_id, String(t.body.session_context).split(":")[1]]),
    );
    const creates = sim
      .state()
      .requests.filter((r) => r.method === "POST")
      .map((r) => ({ at: Date.parse(r.at), outcome: r.outcome, campaign: campaignOf.get(r.session_id ?? "") }));
    const admitted = creates
      .filter((r) => !r.outcome.includes("429"))
      .map((r) => r.at)
      .sort((a, b) => a - b);
    expect(admitted).toHaveLength(120);
    expect(mostInOneSecond(admitted), "creates the simulator saw in one second").toBeLessThanOrEqual(20);
    const first = admitted[0] ?? 0;
    const late429 = creates.filter((r) => r.outcome.includes("429") && r.at - first > 1000);
    expect(late429, "429s after the first second").toEqual([]);
    // Fair share: in the first half of the run, every runner got at least half its even share of creates.
    const half = first + ((admitted.at(-1) ?? first) - first) / 2;
    for (const name of campaigns) {
      const early = creates.filter((r) => r.campaign === name && !r.outcome.includes("429") && r.at <= half).length;
      expect(early, `${name}'s creates in the first half`).toBeGreaterThanOrEqual(
        Math.floor(admitted.filter((t) => t <= half).length / campaigns.length / 2),
      );
    }
  });

  it("two status runs on one account share its query rate: never more than REELFORM_STATUS_RATE queries in any second", async () => {
    const sim = await sims.start({ latency: 2, createRatePerSecond: 0, taskDurationMs: 600_000 });
    const dirs = await Promise.all(
      ["left", "right"].map(async (name) => {
        const c = await campaignDir(25);
        await writeFile(c.manifest, (await readFile(c.manifest, "utf8")).replace("campaign: e2e", `campaign: ${name}`));
        return c;
      }),
    );
    const env = cliEnv(sim.url, await db!.prepare(dirs[0]!.lockfile));
    for (const c of dirs)
      expect((await startCli(["apply", "launch.yaml", "--auto-approve", "--rate", "0"], c.dir, env).done).code).toBe(0);
    const before = sim.state().requests.length;
    const runs = await Promise.all(
      dirs.map((c) => startCli(["status", "launch.yaml"], c.dir, { ...env, REELFORM_STATUS_RATE: "10" }).done),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const queries = sim
      .state()
      .requests.slice(before)
      .filter((r) => r.method === "GET")
      .map((r) => Date.parse(r.at))
      .sort((a, b) => a - b);
    expect(queries).toHaveLength(50);
    expect(mostInOneSecond(queries), "queries the simulator saw in one second").toBeLessThanOrEqual(10);
  });
});
