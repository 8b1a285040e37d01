// The fault paths that used to lose TaskIds (issue 9): a full disk, SIGHUP/SIGQUIT, a leftover journal
// read by plan/status/pull, and Node warnings at high parallelism. All against the built CLI and the
// simulator, judged by the simulator's own records: no key has two tasks, every TaskId is recorded.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";
import { stateBackends } from "../helpers/state-backends.js";
import {
  applyCli,
  campaignDir,
  cliEnv,
  e2eSimulators,
  expectConsistent,
  readLock,
  signalWhen,
  simTasksByKey,
  startCli,
  until,
} from "./apply-helpers.js";

const sims = e2eSimulators();
const backends = stateBackends();

/** Every entry created, with exactly the one TaskId the simulator issued for its key: none lost, none twice. */
async function expectEveryTaskRecordedOnce(
  sim: Parameters<typeof simTasksByKey>[0],
  lockfile: string,
  count: number,
  read = readLock,
): Promise<void> {
  await expectConsistent(sim, lockfile, count, read);
  const lock = await read(lockfile);
  const byKey = simTasksByKey(sim);
  for (const [key, entry] of Object.entries(lock.entries))
    expect([entry.submission, entry.task_id], key).toEqual(["created", byKey.get(key)?.[0]]);
}

describe.each(backends.map((b) => [b.name, b] as const))(
  "fault paths that must not lose a paid task (end to end; %s state)",
  { timeout: 240_000 },
  (_name, b) => {
    /** The `created` records a running apply has made durable (its journal, or its rows). */
    const journalCreated = async (lockfile: string): Promise<{ key: string; task_id: string }[]> =>
      (await b.logged(lockfile)).filter((r) => r.t === "created") as unknown as { key: string; task_id: string }[];
    const fileOnly = b.name !== "file";
    for (const signal of ["SIGHUP", "SIGQUIT"] as const) {
      it(`${signal} during apply drains like SIGTERM: exit 130, every answer recorded, lock and journal gone`, async () => {
        const sim = await sims.start({ latency: 800, createRatePerSecond: 0 });
        const c = await campaignDir(12);
        const env = cliEnv(sim.url, await b.prepare(c.lockfile));
        const stopped = await signalWhen(
          ["apply", "launch.yaml", "--auto-approve", "--parallelism", "3"],
          c.dir,
          env,
          signal,
          () => sim.state().requests.length >= 3,
        );
        expect(stopped.signal, stopped.stderr).toBeNull();
        expect(stopped.code, stopped.stderr).toBe(130);
        expect(stopped.stderr).toContain(`${signal} received`);
        expect(stopped.stdout).toContain("Apply interrupted");
        expect((await b.leftovers(c.lockfile)).lock).toBe(false);
        expect((await b.leftovers(c.lockfile)).journal).toBe(false);
        const lock = await b.readLock(c.lockfile);
        expect(Object.keys(lock.entries).sort()).toEqual([...simTasksByKey(sim).keys()].sort()); // each task the API made is recorded
        const rest = await applyCli(c.dir, env, "--parallelism", "12");
        expect(rest.code, rest.stderr).toBe(0);
        await expectEveryTaskRecordedOnce(sim, c.lockfile, 12, b.readLock);
      });
    }

    it("SIGHUP and SIGQUIT stop status --wait (exit 130, lockfile valid, no lock left)", async () => {
      const sim = await sims.start({ latency: 1, createRatePerSecond: 0, taskDurationMs: 600_000 });
      const c = await campaignDir(3);
      const env = cliEnv(sim.url, await b.prepare(c.lockfile));
      expect((await applyCli(c.dir, env)).code).toBe(0);
      for (const signal of ["SIGHUP", "SIGQUIT"] as const) {
        const before = sim.state().requests.length;
        const stopped = await signalWhen(
          ["status", "launch.yaml", "--wait", "--timeout", "10m"],
          c.dir,
          env,
          signal,
          () => sim.state().requests.length > before,
        );
        expect([stopped.signal, stopped.code], stopped.stderr).toEqual([null, 130]);
        expect((await b.leftovers(c.lockfile)).lock).toBe(false);
        expect(Object.keys((await b.readLock(c.lockfile)).entries)).toHaveLength(3);
      }
    });

    // The file host is swapped in the lockfile itself: the file backend only.
    it.skipIf(fileOnly)("SIGHUP stops pull (exit 130, no lock left)", async () => {
      const sim = await sims.start({ latency: 1, createRatePerSecond: 0, taskDurationMs: 100 });
      const c = await campaignDir(3);
      const env = cliEnv(sim.url, await b.prepare(c.lockfile));
      expect((await applyCli(c.dir, env, "--wait", "--timeout", "60s")).code).toBe(0);
      // A file host that trickles each video over a few seconds, so the signal lands mid-download.
      let downloads = 0;
      const slow = createServer((_req, res) => {
        downloads += 1;
        res.writeHead(200, { "content-type": "video/mp4", "content-length": String(64 * 1024) });
        let sent = 0;
        const timer = setInterval(() => {
          res.write(Buffer.alloc(1024));
          sent += 1024;
          if (sent < 64 * 1024) return;
          clearInterval(timer);
          res.end();
        }, 40);
        res.on("close", () => clearInterval(timer));
      });
      await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
      try {
        const origin = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
        await writeFile(c.lockfile, (await readFile(c.lockfile, "utf8")).replaceAll(sim.url, origin));
        const stopped = await signalWhen(
          ["pull", "launch.yaml", "--dir", "out", "--parallelism", "1"],
          c.dir,
          env,
          "SIGHUP",
          () => downloads > 0,
        );
        expect([stopped.signal, stopped.code], stopped.stderr).toEqual([null, 130]);
        expect((await b.leftovers(c.lockfile)).lock).toBe(false);
      } finally {
        slow.closeAllConnections();
        await new Promise((resolve) => slow.close(resolve));
      }
    });

    it("after a kill -9, plan shows journaled tasks as recorded (never +), and a plan saved then applies cleanly", async () => {
      const sim = await sims.start({ latency: 400, createRatePerSecond: 0 });
      const c = await campaignDir(10);
      const env = cliEnv(sim.url, await b.prepare(c.lockfile));
      const killed = await signalWhen(
        ["apply", "launch.yaml", "--auto-approve", "--parallelism", "2"],
        c.dir,
        env,
        "SIGKILL",
        async () => (await journalCreated(c.lockfile)).length >= 3,
      );
      expect(killed.signal).toBe("SIGKILL");
      await expect(b.readLock(c.lockfile)).rejects.toThrow(); // only the journal knows what was created

      const planned = await runCli(["plan", "launch.yaml", "--json"], { cwd: c.dir, env });
      expect(planned.code, planned.stderr).toBe(0);
      expect(planned.stderr).toMatch(
        b.name === "file"
          ? /read the records of an interrupted run from launch\.lock\.json\.journal/
          : /read the records of an interrupted run from the unfolded records of postgres:\/\//,
      );
      const marks = new Map(
        (JSON.parse(planned.stdout) as { entries: { key: string; mark: string }[] }).entries.map((e) => [
          e.key,
          e.mark,
        ]),
      );
      for (const { key } of await journalCreated(c.lockfile)) expect(marks.get(key), key).toBe("unchanged");
      for (const key of simTasksByKey(sim).keys()) expect(marks.get(key), key).not.toBe("create");

      const pulled = await runCli(["pull", "launch.yaml", "--dir", "out"], { cwd: c.dir, env });
      expect(pulled.stderr).not.toContain("nothing has been applied");

      expect((await runCli(["plan", "launch.yaml", "--out", "after-crash.plan.json"], { cwd: c.dir, env })).code).toBe(
        0,
      );
      const applied = await runCli(["apply", "after-crash.plan.json"], { cwd: c.dir, env });
      // Accepted, not refused as stale. Requests in flight at the kill -9 may come back duplicate (their
      // answers died with the process: SIGKILL's known cost), but only those the plan showed as ? in doubt.
      expect(applied.stderr).not.toContain("out of date");
      expect(applied.stdout).toContain("Apply complete");
      expect(applied.stderr).toContain("recovered the records of an interrupted run");
      for (const [key, entry] of Object.entries((await b.readLock(c.lockfile)).entries)) {
        if (entry.submission !== "created") expect(marks.get(key), key).toBe("in_doubt");
      }
      await expectConsistent(sim, c.lockfile, 10, b.readLock);
    });

    it("after a kill -9, status reads the journal: it follows the tasks recorded only there", async () => {
      const sim = await sims.start({ latency: 400, createRatePerSecond: 0 });
      const c = await campaignDir(10);
      const env = cliEnv(sim.url, await b.prepare(c.lockfile));
      await signalWhen(
        ["apply", "launch.yaml", "--auto-approve", "--parallelism", "2"],
        c.dir,
        env,
        "SIGKILL",
        async () => (await journalCreated(c.lockfile)).length >= 2,
      );
      const created = await journalCreated(c.lockfile);
      const status = await runCli(["status", "launch.yaml"], { cwd: c.dir, env });
      expect(status.stderr).not.toContain("nothing has been applied");
      for (const { key } of created)
        expect(status.stdout).toMatch(new RegExp(`^${key} +(waiting|processing|succeeded)`, "m"));
      // It recorded what it learned under the lock, folding the journal in first.
      const lock = await b.readLock(c.lockfile);
      for (const { key, task_id } of created) expect(lock.entries[key]?.task_id).toBe(task_id);
      expect((await b.leftovers(c.lockfile)).journal).toBe(false);
    });

    // A damaged journal line: the file backend only (a database row is never half-written).
    it.skipIf(fileOnly)(
      "a damaged intent line costs only itself: the created TaskId after it is kept by the next apply",
      async () => {
        const sim = await sims.start({ latency: 400, createRatePerSecond: 0 });
        const c = await campaignDir(8);
        const env = cliEnv(sim.url, await b.prepare(c.lockfile));
        await signalWhen(
          ["apply", "launch.yaml", "--auto-approve", "--parallelism", "2"],
          c.dir,
          env,
          "SIGKILL",
          async () => (await journalCreated(c.lockfile)).length >= 2,
        );
        const [victim] = await journalCreated(c.lockfile);
        if (!victim) throw new Error("no created line in the journal");
        const journal = await readFile(`${c.lockfile}.journal`, "utf8");
        const damaged = journal
          .split("\n")
          .map((line) =>
            line.includes('"t":"intent"') && line.includes(`"key":"${victim.key}"`)
              ? `${line.slice(0, 40)}#bit rot#`
              : line,
          );
        await writeFile(`${c.lockfile}.journal`, damaged.join("\n"));
        const rerun = await applyCli(c.dir, env);
        expect((await b.readLock(c.lockfile)).entries[victim.key]).toMatchObject({
          submission: "created",
          task_id: victim.task_id,
        });
        expect(rerun.stderr).toContain("1 damaged or torn line(s) ignored");
        expect(simTasksByKey(sim).get(victim.key)).toEqual([victim.task_id]); // not sent again
      },
    );

    it.skipIf(fileOnly)(
      "prints no Node warning (MaxListenersExceededWarning) at --parallelism 16 --rate 0 through 429 storms",
      async () => {
        const sim = await sims.start({ latency: 20, createRatePerSecond: 20 });
        const c = await campaignDir(60);
        const result = await applyCli(c.dir, cliEnv(sim.url), "--parallelism", "16", "--rate", "0");
        expect(result.code, result.stderr).toBe(0);
        expect(sim.state().requests.some((r) => r.outcome.startsWith("http 429"))).toBe(true);
        expect(result.stderr).not.toMatch(/Warning/);
        await expectEveryTaskRecordedOnce(sim, c.lockfile, 60, b.readLock);
      },
    );
  },
);

const isRoot = process.getuid?.() === 0;

/**
 * 200 requests applied in a fresh tmpfs of `size` (e.g. "64k"); `whileRunning` runs once the simulator has
 * seen a request. The folder is then "moved to a disk with space" (copied out, without `skip`), and the
 * tmpfs unmounted and removed in every case.
 */
async function applyOnTmpfs(
  size: string,
  env: Record<string, string>,
  options: { whileRunning?: (dir: string) => Promise<void>; skip?: string[] } = {},
) {
  const mount = await mkdtemp(join(tmpdir(), "reelform-disk-full-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", mount]);
  try {
    await campaignDir(200, "", mount);
    const run = startCli(["apply", "launch.yaml", "--auto-approve", "--rate", "0"], mount, env);
    if (options.whileRunning) {
      await until(async () => sims.last().state().requests.length > 0 || run.child.exitCode !== null, 60_000);
      await options.whileRunning(mount);
    }
    const full = await run.done;
    const roomy = await mkdtemp(join(tmpdir(), "reelform-disk-roomy-"));
    await cp(mount, roomy, {
      recursive: true,
      filter: (source) => !(options.skip ?? []).some((name) => source.endsWith(name)),
    });
    return { full, roomy, lockfile: join(roomy, "launch.lock.json") };
  } finally {
    execFileSync("umount", [mount]);
    await rm(mount, { recursive: true, force: true });
  }
}

function expectPlainDiskFull(result: { code: number | null; stdout: string; stderr: string }, file: RegExp): void {
  expect(result.code, result.stderr).toBe(3);
  expect(result.stdout + result.stderr).toMatch(new RegExp(`cannot write \\S*${file.source}: the disk is full`));
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
}

/** On the disk with space: the rest of the campaign, every task once, each TaskId the simulator issued recorded. */
async function finishOnRoomyDisk(roomy: string, lockfile: string, env: Record<string, string>): Promise<void> {
  const rest = await applyCli(roomy, env, "--rate", "0");
  expect(rest.code, rest.stderr).toBe(0);
  await expectEveryTaskRecordedOnce(sims.last(), lockfile, 200);
}

async function expectEveryIssuedTaskIdIn(lockfile: string): Promise<void> {
  const lock = await readLock(lockfile);
  for (const [key, tasks] of simTasksByKey(sims.last())) expect(lock.entries[key]?.task_id, key).toBe(tasks[0]);
}

describe.skipIf(!isRoot)(
  "disk full for real on a small tmpfs (needs root to mount: skipped when not root)",
  { timeout: 240_000 },
  () => {
    const simulator = () => sims.start({ latency: { minMs: 5, maxMs: 30 }, createRatePerSecond: 0 });

    it("64 KiB, 200 requests: refused before the first request (no room for the lockfile), exit 3; on a disk with space every task is created once", async () => {
      const env = cliEnv((await simulator()).url);
      const { full, roomy, lockfile } = await applyOnTmpfs("64k", env);
      expectPlainDiskFull(full, /launch\.lock\.json\.reserve/);
      expect(full.stderr).toContain("Nothing was submitted");
      expect(sims.last().state().requests).toHaveLength(0);
      await finishOnRoomyDisk(roomy, lockfile, env);
    });

    it("256 KiB, 200 requests: the journal fills the disk mid-run; new submissions stop, every answer is in the lockfile (exit 3)", async () => {
      const env = cliEnv((await simulator()).url);
      const { full, roomy, lockfile } = await applyOnTmpfs("256k", env);
      expectPlainDiskFull(full, /launch\.lock\.json\.journal/);
      const firstRun = sims.last().state().tasks.length;
      expect(firstRun).toBeGreaterThan(0);
      expect(firstRun).toBeLessThan(200); // stopped mid-run
      await expectEveryIssuedTaskIdIn(lockfile);
      expect(existsSync(`${lockfile}.journal`)).toBe(false);
      await finishOnRoomyDisk(roomy, lockfile, env);
    });

    it("when nothing at all can be written, the answers are printed; `recover --from -` reads them back and apply finishes with no task twice", async () => {
      const env = cliEnv((await simulator()).url);
      // The journal fills the disk, and the lockfile and its errored copy cannot be written either (their
      // names are taken by folders made while the run is going), so stderr is the only way out.
      const unwritable = ["launch.lock.json", "launch.lock.json.errored.ndjson"];
      const whileRunning = async (dir: string): Promise<void> => {
        for (const name of unwritable) await mkdir(join(dir, name));
      };
      const { full, roomy, lockfile } = await applyOnTmpfs("256k", env, { whileRunning, skip: unwritable });
      expectPlainDiskFull(full, /launch\.lock\.json\.journal/);
      expect(full.stderr).toContain("-----BEGIN REELFORM RECORDS-----");
      const recovered = await runCli(["recover", "launch.yaml", "--from", "-"], {
        cwd: roomy,
        env,
        input: `CI log noise\n${full.stderr}\nmore noise\n`,
      });
      expect(recovered.code, recovered.stderr).toBe(0);
      await expectEveryIssuedTaskIdIn(lockfile);
      await finishOnRoomyDisk(roomy, lockfile, env);
    });
  },
);
