// Four runners on one account share its create rate through the state database.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { postgresBackend } from "../helpers/state-backends.js";
import { POSTGRES_SKIP_REASON, postgresAvailable } from "../helpers/postgres.js";
import { campaignDir, cliEnv, e2eSimulators, startCli } from "../e2e/apply-helpers.js";
import { tencentEnv } from "../tencent/helpers.js";
import { serializeLockfile } from "../../src/lockfile/serialize.js";
import type { LockEntry } from "../../src/lockfile/types.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";

if (!postgresAvailable) console.warn(`skipping the shared budget test: ${POSTGRES_SKIP_REASON}`);

const sims = e2eSimulators();

/** The most of these sorted times within any one second (a sliding window, as the simulator's limit counts). */
function mostInOneSecond(times: readonly number[]): number {
  return mostWithin(times, 1000);
}

/** The most of these sorted times within any window of `ms`. */
function mostWithin(times: readonly number[], ms: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= ms) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Preloaded into a CLI: logs when each request is handed to fetch (test/helpers/fetch-log.mjs). */
const FETCH_LOG = fileURLToPath(new URL("../helpers/fetch-log.mjs", import.meta.url));

/** The environment that makes a CLI log its requests' starts to `file`. */
function fetchLogEnv(file: string): Record<string, string> {
  return { NODE_OPTIONS: `--import=${FETCH_LOG}`, REELFORM_TEST_FETCH_LOG: file };
}

/** The start times, sorted, of the requests with this method in these fetch logs. */
async function startsIn(files: readonly string[], method: string): Promise<number[]> {
  const lines = (await Promise.all(files.map((f) => readFile(f, "utf8").catch(() => "")))).flatMap((t) =>
    t.split("\n"),
  );
  return lines
    .map((line) => line.split(" "))
    .filter((fields) => fields[1] === method)
    .map((fields) => Number(fields[0]))
    .sort((a, b) => a - b);
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
      dirs.map(
        (c) =>
          startCli(["apply", "launch.yaml", "--auto-approve", "--parallelism", "8"], c.dir, {
            ...env,
            ...fetchLogEnv(join(c.dir, "fetch.log")),
          }).done,
      ),
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
    // What the shared budget controls: when each create started (was handed to fetch), on this machine's clock.
    const starts = await startsIn(
      dirs.map((c) => join(c.dir, "fetch.log")),
      "POST",
    );
    expect(starts).toHaveLength(creates.length);
    expect(mostInOneSecond(starts), "creates started in one second").toBeLessThanOrEqual(20);
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
    const logs = dirs.map((c) => join(c.dir, "fetch.log"));
    const runs = await Promise.all(
      dirs.map(
        (c, i) =>
          startCli(["status", "launch.yaml"], c.dir, { ...env, REELFORM_STATUS_RATE: "10", ...fetchLogEnv(logs[i]!) })
            .done,
      ),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(
      sim
        .state()
        .requests.slice(before)
        .filter((r) => r.method === "GET"),
    ).toHaveLength(50);
    // Counted when each query started (handed to fetch, both runners on this machine's clock), which is what
    // the shared budget controls: the simulator logs a request when it answers it, in a process as busy as the
    // runners, so on a loaded machine queries that started in two seconds can be logged in one (docs/state.md).
    const starts = await startsIn(logs, "GET");
    expect(starts).toHaveLength(50);
    expect(mostInOneSecond(starts), "queries started in one second").toBeLessThanOrEqual(10);
  });

  it("three apply --wait --pull runs on one tencent account: DescribeTasks pages, DescribeMediaInfos requests and task queries together keep to REELFORM_STATUS_RATE", async () => {
    // Outputs kept Permanent: finished tasks are settled from a DescribeTasks page and DescribeMediaInfos
    // requests, not a DescribeTaskDetail each, so the batch requests are most of what the runners send; tasks
    // end over 20 s, so each runner would list and read media about once a second each.
    const sim = await sims.start({
      latency: 2,
      createRatePerSecond: 0,
      taskDurationRange: { minMs: 1000, maxMs: 20_000 },
      fileSize: 1024,
    });
    const dirs = await Promise.all(
      ["up", "down", "across"].map(async (name) => {
        const c = await campaignDir(30);
        const yaml = (await readFile(c.manifest, "utf8"))
          .replace("campaign: e2e", `campaign: ${name}`)
          .replace("duration: 5 }", "duration: 5, storage_mode: Permanent }");
        await writeFile(c.manifest, yaml);
        return c;
      }),
    );
    const env = tencentEnv(sim.url, { ...(await db!.prepare(dirs[0]!.lockfile)), REELFORM_STATUS_RATE: "1" });
    const runs = await Promise.all(
      dirs.map(
        (c) =>
          startCli(
            ["apply", "launch.yaml", "--auto-approve", "--rate", "0", "--wait", "--pull", "out", "--timeout", "180s"],
            c.dir,
            env,
          ).done,
      ),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const requests = sim.state().requests;
    const actions = (name: string) => requests.filter((r) => r.path === `/?Action=${name}`);
    expect(actions("CreateAigcVideoTask")).toHaveLength(90);
    expect(actions("DescribeTasks").length, "DescribeTasks pages").toBeGreaterThan(0);
    expect(actions("DescribeMediaInfos").length, "DescribeMediaInfos requests").toBeGreaterThan(0);
    const queries = ["DescribeTaskDetail", "DescribeTasks", "DescribeMediaInfos"]
      .flatMap((name) => actions(name))
      .map((r) => Date.parse(r.at))
      .sort((a, b) => a - b);
    // Slots are 1/(0.9 × 1) s apart: at most 5 in any 5 s, and one more for a request that left its slot late
    // on a busy machine (the CLI signs and sends it after the slot). Unshared, each runner could send one a second.
    expect(mostWithin(queries, 5000), "query-type requests the simulator saw in five seconds").toBeLessThanOrEqual(6);
  });

  it("two applies on one tencent account looking TaskIds up by session_id: their DescribeTasks pages together keep to REELFORM_STATUS_RATE", async () => {
    const sim = await sims.start({ latency: 2, createRatePerSecond: 0, taskDurationMs: 600_000 });
    const plain = tencentEnv(sim.url);
    // 500 older tasks on the account: DescribeTasks lists oldest first, so each lookup pages past them (6 pages).
    const filler = await campaignDir(500);
    await writeFile(
      filler.manifest,
      (await readFile(filler.manifest, "utf8")).replace("campaign: e2e", "campaign: filler"),
    );
    const made = await startCli(
      ["apply", "launch.yaml", "--auto-approve", "--rate", "0", "--parallelism", "16", "--max-requests", "500"],
      filler.dir,
      plain,
    ).done;
    expect(made.code, made.stderr).toBe(0);
    // Two campaigns of 5 tasks each, made after them; then each entry's answer is "lost" (in doubt, no TaskId)
    // and the recorded sets are moved into one database.
    const dirs = await Promise.all(
      ["left", "right"].map(async (name) => {
        const c = await campaignDir(5);
        await writeFile(c.manifest, (await readFile(c.manifest, "utf8")).replace("campaign: e2e", `campaign: ${name}`));
        return c;
      }),
    );
    const state = await db!.prepare(dirs[0]!.lockfile);
    for (const c of dirs) {
      const applied = await startCli(["apply", "launch.yaml", "--auto-approve", "--rate", "0"], c.dir, plain).done;
      expect(applied.code, applied.stderr).toBe(0);
      const lockfile = parseLockfileText(await readFile(c.lockfile, "utf8"), c.lockfile);
      for (const [key, entry] of Object.entries(lockfile.entries) as [string, LockEntry][]) {
        const { task_id: _id, request_id: _request, task: _task, ...rest } = entry;
        lockfile.entries[key] = { ...rest, submission: "in_doubt" };
      }
      await writeFile(c.lockfile, serializeLockfile(lockfile));
      const pushed = await startCli(["state", "push", "launch.yaml"], c.dir, tencentEnv(sim.url, state)).done;
      expect(pushed.code, pushed.stderr).toBe(0);
      await rm(c.lockfile);
    }
    const before = sim.state().requests.length;
    const env = tencentEnv(sim.url, { ...state, REELFORM_STATUS_RATE: "1" });
    const runs = await Promise.all(
      dirs.map((c) => startCli(["apply", "launch.yaml", "--auto-approve"], c.dir, env).done),
    );
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain("5 found, 0 not found");
    }
    const pages = sim
      .state()
      .requests.slice(before)
      .filter((r) => r.path === "/?Action=DescribeTasks")
      .map((r) => Date.parse(r.at))
      .sort((a, b) => a - b);
    expect(pages.length, "DescribeTasks pages").toBeGreaterThanOrEqual(12);
    // Slots 1/(0.9 × 1) s apart: at most 3 in any 3 s, and one more for a request that left its slot late. Each
    // runner alone would send its 6 pages back to back without the shared budget; with a rate of its own, 2 a second.
    expect(mostWithin(pages, 3000), "DescribeTasks pages the simulator saw in three seconds").toBeLessThanOrEqual(4);
  });
});
