import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  API_KEY,
  allFiles,
  applyCli,
  campaignDir,
  cliEnv,
  e2eSimulators,
  expectConsistent,
  startCli,
  until,
} from "./apply-helpers.js";
import { runCli } from "../helpers/exec.js";
import { stateBackends } from "../helpers/state-backends.js";
import { between, seededRandom } from "../helpers/seed.js";

const sims = e2eSimulators();
const backends = stateBackends();

// Each test spawns the CLI several times; generous timeouts keep them honest on a busy CI machine.
describe.each(backends.map((b) => [b.name, b] as const))(
  "reelform apply (end to end, against the simulator; %s state)",
  { timeout: 180_000 },
  (_name, b) => {
    it("submits every request, records each TaskId, and has nothing to do the second time", async () => {
      const sim = await sims.start({ latency: 5, createRatePerSecond: 0 });
      const c = await campaignDir(12);
      const env = cliEnv(sim.url, await b.prepare(c.lockfile));
      const first = await applyCli(c.dir, env);
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      expect(first.stdout).toContain("12 created");
      await expectConsistent(sim, c.lockfile, 12, b.readLock);
      expect(await b.leftovers(c.lockfile)).toEqual({ journal: false, lock: false });
      const second = await applyCli(c.dir, env);
      expect(second.code).toBe(0);
      expect(second.stderr).toContain("No changes");
      expect(sim.state().tasks).toHaveLength(12);
    });

    it("refuses to apply without confirmation when there is no terminal, saying how", async () => {
      const sim = await sims.start({ latency: 0 });
      const c = await campaignDir(2);
      const result = await runCli(["apply", "launch.yaml"], {
        cwd: c.dir,
        env: cliEnv(sim.url, await b.prepare(c.lockfile)),
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("--auto-approve");
      expect(sim.state().requests).toHaveLength(0);
    });

    it("gets through 429 storms, 5xx, resets and lost responses without creating any task twice", async () => {
      // The simulator's own rate limit (10/s) against an unlimited apply makes real 429 storms.
      const sim = await sims.start({
        latency: 2,
        createRatePerSecond: 10,
        seed: 7,
        faults: {
          http5xx: { probability: 0.1 },
          reset: { probability: 0.1 },
          lostResponse: { probability: 0.1 },
          tencentError200: { probability: 0.05, code: "InternalError" },
        },
      });
      const c = await campaignDir(30);
      const env = cliEnv(sim.url, { REELFORM_TIMEOUT: "10000", ...(await b.prepare(c.lockfile)) });
      let last;
      for (let run = 0; run < 6; run += 1) {
        last = await applyCli(c.dir, env, "--parallelism", "16", "--rate", "0");
        const lock = await b.readLock(c.lockfile);
        if (
          Object.values(lock.entries).filter((e) => e.submission === "created" || e.submission === "duplicate")
            .length === 30
        )
          break;
      }
      expect(sim.state().faults.length).toBeGreaterThan(5);
      expect(sim.state().requests.some((r) => r.outcome.startsWith("http 429"))).toBe(true);
      expect(last?.stdout).toMatch(/retry /);
      await expectConsistent(sim, c.lockfile, 30, b.readLock);
    });

    it("survives SIGKILL, SIGHUP and SIGQUIT at random moments: re-runs complete the campaign with no task created twice", async () => {
      // Each create takes 100-300 ms, so a run has more work left than the longest kill delay (299 ms) until the
      // campaign is nearly done: how many runs get interrupted then depends on the seed, not on how fast the
      // state backend (file or PostgreSQL) is on this machine.
      const sim = await sims.start({
        latency: { minMs: 100, maxMs: 300 },
        createRatePerSecond: 0,
        seed: 3,
        faults: { lostResponse: { probability: 0.05 } },
      });
      const c = await campaignDir(40);
      const env = cliEnv(sim.url, await b.prepare(c.lockfile));
      const signals = ["SIGKILL", "SIGHUP", "SIGQUIT"] as const;
      const random = seededRandom("apply: kill delays");
      let kills = 0;
      let drained = 0;
      let complete = false;
      let lastWords = "";
      for (let run = 0; run < 30 && !complete; run += 1) {
        const { child, done } = startCli(
          ["apply", "launch.yaml", "--auto-approve", "--parallelism", "4", "--rate", "0"],
          c.dir,
          env,
        );
        // Counted from apply's first output (its plan), so that the kill lands while it works, not while Node boots.
        const signal = signals[run % signals.length] as NodeJS.Signals;
        let timer: NodeJS.Timeout | undefined;
        if (run < 18)
          child.stdout?.once("data", () => (timer = setTimeout(() => child.kill(signal), between(random, 0, 299))));
        const result = await done;
        clearTimeout(timer);
        if (result.signal === "SIGKILL") {
          kills += 1;
          continue;
        }
        lastWords = `exit ${result.code}: ${result.stderr.trim().split("\n").slice(-3).join(" | ")}`;
        expect(result.signal, lastWords).toBeNull(); // SIGHUP and SIGQUIT are handled: drain, fold, exit 130
        expect([0, 1, 130], lastWords).toContain(result.code);
        if (result.code === 130) {
          drained += 1;
          expect((await b.leftovers(c.lockfile)).journal, "a drained run leaves no journal").toBe(false);
          continue;
        }
        const lock = await b.readLock(c.lockfile);
        complete =
          Object.values(lock.entries).every((e) => e.submission !== "in_doubt") &&
          Object.keys(lock.entries).length === 40;
      }
      expect(complete, `30 runs did not complete the campaign; the last one said ${lastWords}`).toBe(true);
      expect(kills, "runs killed with SIGKILL").toBeGreaterThan(0);
      expect(drained, "runs that drained on SIGHUP or SIGQUIT").toBeGreaterThan(0);
      expect(kills + drained).toBeGreaterThan(3);
      await expectConsistent(sim, c.lockfile, 40, b.readLock);
    });

    it("lets one apply at a time run: a second fails fast naming the holder; Ctrl-C stops the first with 130", async () => {
      const sim = await sims.start({ latency: 1500, createRatePerSecond: 0 });
      const c = await campaignDir(20);
      const env = cliEnv(sim.url, await b.prepare(c.lockfile));
      const first = startCli(["apply", "launch.yaml", "--auto-approve", "--parallelism", "2"], c.dir, env);
      await until(async () => sim.state().requests.length > 0, 60_000);
      const second = await applyCli(c.dir, env);
      expect(first.child.exitCode).toBeNull(); // the second gave up while the first was still running
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/is held by .* \(pid \d+, `apply launch.yaml`.*reelform force-unlock [0-9a-f]+/);
      first.child.kill("SIGINT");
      const result = await first.done;
      expect(result.code).toBe(130);
      expect(result.stdout).toContain("Apply interrupted");
      expect((await b.leftovers(c.lockfile)).lock).toBe(false);
      const lock = await b.readLock(c.lockfile);
      expect(Object.values(lock.entries).every((e) => e.submission === "created")).toBe(true);
      expect(Object.keys(lock.entries).length).toBeLessThan(20);
      const rest = await applyCli(c.dir, env, "--parallelism", "20");
      expect(rest.code).toBe(0);
      await expectConsistent(sim, c.lockfile, 20, b.readLock);
    });

    it("applies a saved plan exactly, and refuses one whose manifest or lockfile changed since", async () => {
      const sim = await sims.start({ latency: 1, createRatePerSecond: 0 });
      const c = await campaignDir(3);
      const env = cliEnv(sim.url, await b.prepare(c.lockfile));
      const planned = await runCli(["plan", "launch.yaml", "--out", "launch.plan.json"], { cwd: c.dir, env });
      expect(planned.code, planned.stderr).toBe(0);
      expect((await runCli(["plan", "launch.yaml", "--out", "old.plan.json"], { cwd: c.dir, env })).code).toBe(0);
      const applied = await runCli(["apply", "launch.plan.json"], { cwd: c.dir, env });
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stdout).toContain("3 created");
      await expectConsistent(sim, c.lockfile, 3, b.readLock);

      const stale = await runCli(["apply", "old.plan.json"], { cwd: c.dir, env });
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(
        /the saved plan \S*old\.plan\.json is out of date[\s\S]*lockfile launch\.lock\.json was created since/,
      );
      await writeFile(c.manifest, (await readFile(c.manifest, "utf8")).replace("wooden table", "glass table"));
      expect((await runCli(["plan", "launch.yaml", "--out", "next.plan.json"], { cwd: c.dir, env })).code).toBe(0);
      await writeFile(c.manifest, (await readFile(c.manifest, "utf8")).replace("glass table", "stone table"));
      const edited = await runCli(["apply", "next.plan.json"], { cwd: c.dir, env });
      expect(edited.code).toBe(1);
      expect(edited.stderr).toMatch(/manifest launch\.yaml changed/);
      expect(sim.state().tasks).toHaveLength(3);
    });

    it("--json streams one JSON event per line with stable names", async () => {
      const sim = await sims.start({
        latency: 1,
        createRatePerSecond: 0,
        faults: { http429: { next: 1, retryAfterSeconds: 0 } },
      });
      const c = await campaignDir(3);
      const result = await applyCli(c.dir, cliEnv(sim.url, await b.prepare(c.lockfile)), "--json");
      expect(result.code).toBe(0);
      const events = result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { event: string });
      expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(["plan", "start", "retry", "created", "done"]));
      expect(events.filter((e) => e.event === "created")).toHaveLength(3);
      expect(events.at(-1)).toMatchObject({ event: "done", summary: { created: 3, total: 3 } });
    });

    it("--wait --json stays one NDJSON stream: the status document comes as its last event, on one line", async () => {
      const sim = await sims.start({ latency: 1, createRatePerSecond: 0, taskDurationMs: 200 });
      const c = await campaignDir(2);
      const result = await applyCli(
        c.dir,
        cliEnv(sim.url, await b.prepare(c.lockfile)),
        "--json",
        "--wait",
        "--timeout",
        "30s",
      );
      expect(result.code).toBe(0);
      const events = result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { event: string });
      expect(events.map((e) => e.event)).toEqual(["plan", "start", "created", "created", "done", "status"]);
      expect(events.at(-1)).toMatchObject({
        event: "status",
        format_version: 1,
        end: "ended",
        summary: { all_succeeded: true },
      });
    });

    it("stops at once on an authentication failure, and never writes or prints the API key", async () => {
      const sim = await sims.start({
        latency: 1,
        createRatePerSecond: 0,
        faults: { reset: { probability: 0.2 }, http5xx: { probability: 0.2 } },
      });
      const c = await campaignDir(6);
      const outputs: string[] = [];
      const state = await b.prepare(c.lockfile);
      for (const flags of [[], ["--json"]]) {
        const r = await applyCli(c.dir, cliEnv(sim.url, state), "--retry-failed", ...flags);
        outputs.push(r.stdout, r.stderr);
      }
      sim.configure({ auth: { probability: 1 }, reset: { probability: 0 }, http5xx: { probability: 0 } });
      const c2 = await campaignDir(5);
      const before = sim.state().requests.length;
      const denied = await applyCli(c2.dir, cliEnv(sim.url, await b.prepare(c2.lockfile)), "--parallelism", "1");
      outputs.push(denied.stdout, denied.stderr);
      expect(denied.code).toBe(1);
      expect(denied.stdout).toMatch(/Stopped at clip-\d: the API refused the account: /);
      expect(denied.stdout).toContain("4 not started");
      expect(sim.state().requests.length - before).toBe(1);
      for (const file of [...(await allFiles(c.dir)), ...(await allFiles(c2.dir))])
        expect(file.text, file.path).not.toContain(API_KEY);
      for (const text of outputs) expect(text).not.toContain(API_KEY);
    });
  },
);
