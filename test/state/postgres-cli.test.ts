// The PostgreSQL state backend end to end: the built CLI against a throwaway cluster and the simulator.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrate, SCHEMA_VERSION } from "../../src/state/migrate.js";
import { runCli } from "../helpers/exec.js";
import { postgresBackend } from "../helpers/state-backends.js";
import { POSTGRES_SKIP_REASON, postgresAvailable } from "../helpers/postgres.js";
import {
  applyCli,
  campaignDir,
  cliEnv,
  createRequests,
  e2eSimulators,
  expectConsistent,
  startCli,
  until,
} from "../e2e/apply-helpers.js";

if (!postgresAvailable) console.warn(`skipping PostgreSQL state tests: ${POSTGRES_SKIP_REASON}`);

const sims = e2eSimulators();
const db = postgresAvailable ? postgresBackend() : undefined;

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgresAvailable)("state on PostgreSQL (end to end)", { timeout: 240_000 }, () => {
  it("creates and migrates its schema once, even when several processes start at once", async () => {
    const c = await campaignDir(2);
    const url = (await db!.prepare(c.lockfile)).REELFORM_STATE as string;
    const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const ran = await Promise.all(clients.map((client) => migrate(client, "test")));
      expect(ran.flat()).toEqual([SCHEMA_VERSION]); // exactly one of them migrated; the others found it done
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    const c2 = await campaignDir(2);
    const env = cliEnv("http://127.0.0.1:9", await db!.prepare(c2.lockfile));
    const runs = await Promise.all(
      Array.from({ length: 3 }, () => runCli(["list", "launch.yaml"], { cwd: c2.dir, env })),
    );
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /nothing recorded in postgres:\/\/reelform@127\.0\.0\.1:\d+\/t\d+_\d+ \(campaign "e2e"\): nothing has been applied for launch\.yaml yet/,
      );
    }
    expect(await query(env.REELFORM_STATE as string, "select version from reelform_schema_version")).toEqual([
      { version: SCHEMA_VERSION },
    ]);
  });

  it("state push then state pull gives back the lockfile byte for byte; plan is identical from either backend; push is idempotent", async () => {
    const sim = await sims.start({ latency: 1, createRatePerSecond: 0, taskDurationMs: 100 });
    const c = await campaignDir(6);
    const fileEnv = cliEnv(sim.url);
    expect((await applyCli(c.dir, fileEnv, "--wait", "--timeout", "60s")).code).toBe(0);
    await writeFile(
      c.manifest,
      (await readFile(c.manifest, "utf8")).replace("n: [1, 2, 3, 4, 5, 6]", "n: [2, 3, 4, 5, 6, 7, 8]"),
    );
    const lockfile = await readFile(c.lockfile, "utf8");
    const pgEnv = cliEnv(sim.url, await db!.prepare(c.lockfile));
    const pushed = await runCli(["state", "push", "launch.yaml"], { cwd: c.dir, env: pgEnv });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toMatch(
      /^Pushed launch\.lock\.json into postgres:\/\/reelform@127\.0\.0\.1:\d+\/\w+ \(campaign "e2e"\): 6 entries \(6 new, 0 changed, 0 already there\)\.\n$/,
    );
    const again = await runCli(["state", "push", "launch.yaml"], { cwd: c.dir, env: pgEnv });
    expect(again.stdout).toContain("6 entries (0 new, 0 changed, 6 already there)");
    const pulled = await runCli(["state", "pull", "launch.yaml"], { cwd: c.dir, env: pgEnv });
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toBe(lockfile);
    for (const flags of [[], ["--json"], ["--markdown"], ["--verbose"]]) {
      const fromFile = await runCli(["plan", "launch.yaml", "--detailed-exitcode", ...flags], {
        cwd: c.dir,
        env: fileEnv,
      });
      const fromDb = await runCli(["plan", "launch.yaml", "--detailed-exitcode", ...flags], { cwd: c.dir, env: pgEnv });
      expect(fromFile.code).toBe(2);
      expect({ code: fromDb.code, stdout: fromDb.stdout, stderr: fromDb.stderr }).toEqual({
        code: fromFile.code,
        stdout: fromFile.stdout,
        stderr: fromFile.stderr,
      });
    }
    // review, list and show read the same recorded set from the database.
    for (const [out, env] of [
      ["review-db", pgEnv],
      ["review-file", fileEnv],
    ] as const) {
      const review = await runCli(["review", "launch.yaml", "--out", out], { cwd: c.dir, env });
      expect(review.code, review.stderr).toBe(0);
    }
    const page = async (out: string): Promise<string> =>
      (await readFile(join(c.dir, out, "index.html"), "utf8")).replace(/"generatedAt":"[^"]*"/, "");
    expect(await page("review-db")).toBe(await page("review-file"));
    const listed = await runCli(["list", "launch.yaml"], { cwd: c.dir, env: pgEnv });
    expect(listed.stdout).toBe((await runCli(["list", "launch.yaml"], { cwd: c.dir, env: fileEnv })).stdout);
    // --state on the command line wins over REELFORM_STATE.
    const viaFlag = await runCli(["state", "pull", "launch.yaml", "--state", pgEnv.REELFORM_STATE as string], {
      cwd: c.dir,
      env: { ...fileEnv, REELFORM_STATE: "file" },
    });
    expect(viaFlag.stdout).toBe(lockfile);
  });

  it("never prints the password: not in errors, not with a wrong one, not in any output", async () => {
    const sim = await sims.start({ latency: 1, createRatePerSecond: 0 });
    const c = await campaignDir(3);
    const state = await db!.prepare(c.lockfile);
    const password = db!.cluster()!.password;
    const env = cliEnv(sim.url, state);
    const outputs = [
      await applyCli(c.dir, env),
      await runCli(["list", "launch.yaml"], { cwd: c.dir, env }),
      await runCli(["force-unlock", "0123456789abcdef", "launch.yaml"], { cwd: c.dir, env }),
      await runCli(["force-unlock", "0123456789abcdef"], { cwd: c.dir, env }),
    ];
    const wrong = await runCli(["plan", "launch.yaml"], {
      cwd: c.dir,
      env: { ...env, REELFORM_STATE: (state.REELFORM_STATE as string).replace(password, `${password}x`) },
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /^reelform: cannot use the state database postgres:\/\/reelform@127\.0\.0\.1:\d+\/\w+ \(REELFORM_STATE\): password authentication failed for user "reelform"/,
    );
    const refused = await runCli(["plan", "launch.yaml"], {
      cwd: c.dir,
      env: { ...env, REELFORM_STATE: `postgres://reelform:${password}@127.0.0.1:9/x` },
    });
    expect(refused.stderr).toMatch(
      /cannot use the state database postgres:\/\/reelform@127\.0\.0\.1:9\/x \(REELFORM_STATE\): .*ECONNREFUSED/,
    );
    // The password is not a template variable either, even when a manifest asks for it.
    await writeFile(
      c.manifest,
      (await readFile(c.manifest, "utf8"))
        .replace("campaign: e2e", "campaign: e2e\nallow_env: [PGPASSWORD, REELFORM_STATE]")
        .replace("wooden table", "table {{env.PGPASSWORD}}"),
    );
    const leak = await runCli(["render", "launch.yaml"], { cwd: c.dir, env: { ...env, PGPASSWORD: password } });
    expect(leak.code).toBe(1);
    for (const out of [...outputs, wrong, refused, leak]) expect(`${out.stdout}${out.stderr}`).not.toContain(password);
    expect(outputs[0]?.code).toBe(0);
    expect(outputs[2]?.stderr).toMatch(/no lock with id 0123456789abcdef for launch\.yaml: no lock found/);
    expect(outputs[3]?.stderr).toMatch(/no lock with id 0123456789abcdef in postgres:\/\/reelform@/);
  });

  it("the database dies mid-apply: no new request leaves, the answers in flight are printed and saved, exit 3; recover folds them in; no TaskId lost, no key twice", async () => {
    const cluster = db!.cluster()!;
    const sim = await sims.start({ latency: { minMs: 300, maxMs: 600 }, createRatePerSecond: 0, seed: 11 });
    const c = await campaignDir(40);
    const env = cliEnv(sim.url, await db!.prepare(c.lockfile));
    const { done } = startCli(
      ["apply", "launch.yaml", "--auto-approve", "--parallelism", "4", "--rate", "0"],
      c.dir,
      env,
    );
    await until(async () => sim.state().requests.length >= 6, 60_000);
    await cluster.stop("immediate");
    const stoppedAt = sim.state().requests.length;
    const run = await done;
    const sentAfter = sim.state().requests.length - stoppedAt;
    expect(run.code, run.stderr).toBe(3);
    expect(
      sentAfter,
      "requests that left after the database died (only those already past their intent)",
    ).toBeLessThanOrEqual(4);
    expect(sim.state().requests.length).toBeLessThan(40);
    expect(run.stderr).toMatch(
      /cannot write the records of this run to the state database|cannot write the state database/,
    );
    expect(run.stderr).toContain("-----BEGIN REELFORM RECORDS-----");
    expect(run.stderr).toMatch(
      /saved to launch\.lock\.json\.errored\.ndjson instead\. Once the state database is reachable again, then run `reelform recover launch\.yaml`/,
    );
    await writeFile(join(c.dir, "apply.log"), run.stderr);
    await cluster.start();
    const recovered = await runCli(["recover", "launch.yaml", "--from", "apply.log"], { cwd: c.dir, env });
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(recovered.stdout).toMatch(
      /^Recovered the records of an interrupted run \(.*launch\.lock\.json\.errored\.ndjson, apply\.log\): \d+ outcome\(s\) recorded/,
    );
    // Every task the simulator created is recorded now, before any re-run.
    const recorded = await db!.readLock(c.lockfile);
    const created = new Set(Object.values(recorded.entries).flatMap((e) => (e.task_id ? [e.task_id] : [])));
    for (const task of sim.state().tasks) expect(created.has(task.task_id), `TaskId ${task.task_id} lost`).toBe(true);
    const rest = await applyCli(c.dir, env, "--parallelism", "8");
    expect(rest.code, rest.stderr).toBe(0);
    await expectConsistent(sim, c.lockfile, 40, db!.readLock);
    expect(await db!.leftovers(c.lockfile)).toEqual({ journal: false, lock: false });
  });

  it("one apply per campaign: a second fails fast naming the holder; a killed holder's lock goes with its connection; force-unlock ends a stuck holder", async () => {
    const sim = await sims.start({ latency: 1000, createRatePerSecond: 0 });
    const c = await campaignDir(20);
    const env = cliEnv(sim.url, await db!.prepare(c.lockfile));
    const first = startCli(["apply", "launch.yaml", "--auto-approve", "--parallelism", "1"], c.dir, env);
    await until(async () => sim.state().requests.length > 0, 60_000);
    const second = await applyCli(c.dir, env);
    expect(second.code).toBe(1);
    const id = /reelform force-unlock ([0-9a-f]+)/.exec(second.stderr)?.[1];
    expect(second.stderr).toMatch(/\(campaign "e2e"\) is held by .*@.* \(pid \d+, `apply launch\.yaml`, since .*\)/);
    // Another campaign in the same database is not held up.
    const other = await campaignDir(2, "", undefined);
    await writeFile(
      other.manifest,
      (await readFile(other.manifest, "utf8")).replace("campaign: e2e", "campaign: other"),
    );
    const otherRun = await applyCli(other.dir, env);
    expect(otherRun.code, otherRun.stderr).toBe(0);
    expect(first.child.exitCode, "the first apply is still running (20 requests, one at a time, 1 s each)").toBeNull();
    first.child.kill("SIGKILL");
    await first.done;
    const third = await applyCli(c.dir, env, "--parallelism", "20");
    // 1 when a request the killed run had in flight was created: re-sent, the API calls it a duplicate session.
    expect([0, 1], third.stderr).toContain(third.code);
    expect(
      Object.values((await db!.readLock(c.lockfile)).entries)
        .map((e) => e.submission)
        .filter((s) => s !== "created" && s !== "duplicate"),
    ).toEqual([]);
    expect(`${third.stdout}${third.stderr}`).toMatch(/took over the lock of pid \d+/);
    expect(`${third.stdout}${third.stderr}`).toMatch(
      /recovered the records of an interrupted run \(the unfolded records of postgres:/,
    );
    // force-unlock of a live holder: its session ends, so its lock does.
    const base = sim.state().requests.length;
    const hold = startCli(
      ["apply", "launch.yaml", "--auto-approve", "--replace", "clip-*", "--parallelism", "1"],
      c.dir,
      env,
    );
    await until(async () => sim.state().requests.length > base, 60_000);
    const blocked = await applyCli(c.dir, env);
    const holder = /reelform force-unlock ([0-9a-f]+)/.exec(blocked.stderr)?.[1];
    expect(holder).toBeDefined();
    expect(holder).not.toBe(id);
    const unlocked = await runCli(["force-unlock", String(holder), "launch.yaml"], { cwd: c.dir, env });
    expect(unlocked.stdout).toMatch(/^Removed the lock of postgres:\/\/.* \(campaign "e2e"\) held by /);
    const ended = await hold.done;
    expect(ended.code).toBe(3); // its database session was ended: it stopped sending and saved what it had
  });

  it("state rm and import work on the database: forget a key (its TaskId listed), the plan creates it again; import adopts the task back; no lockfile is written", async () => {
    const sim = await sims.start({ latency: 1, createRatePerSecond: 0, taskDurationMs: 100 });
    const c = await campaignDir(3);
    const env = cliEnv(sim.url, await db!.prepare(c.lockfile));
    const applied = await applyCli(c.dir, env);
    expect(applied.code, applied.stderr).toBe(0);
    const listJson = async (): Promise<{ key: string; task_id: string | null }[]> =>
      JSON.parse((await runCli(["list", "launch.yaml", "--json"], { cwd: c.dir, env })).stdout) as {
        key: string;
        task_id: string | null;
      }[];
    const before = await listJson();
    const taskId = before.find((row) => row.key === "clip-2")?.task_id;
    expect(taskId).toMatch(/\S/);
    const unmatched = await runCli(["state", "rm", "launch.yaml", "clip-9*", "--auto-approve"], { cwd: c.dir, env });
    expect(unmatched.code).toBe(1);
    expect(unmatched.stderr).toMatch(
      /"clip-9\*" matches no key in postgres:\/\/reelform@127\.0\.0\.1:\d+\/\w+ \(campaign "e2e"\): nothing was forgotten/,
    );
    const removed = await runCli(["state", "rm", "launch.yaml", "clip-2", "--auto-approve"], { cwd: c.dir, env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(String(taskId));
    expect(removed.stdout).toMatch(
      /Forgot 1 entry; written to postgres:\/\/reelform@127\.0\.0\.1:\d+\/\w+ \(campaign "e2e"\)\.\n$/,
    );
    expect((await listJson()).map((row) => row.key)).toEqual(["clip-1", "clip-3"]);
    expect((await db!.readLock(c.lockfile)).entries["clip-2"]).toBeUndefined();
    const plan = await runCli(["plan", "launch.yaml", "--detailed-exitcode"], { cwd: c.dir, env });
    expect(plan.code).toBe(2); // clip-2 would be created (and paid) again
    const imported = await runCli(["import", "launch.yaml", "clip-2", String(taskId)], { cwd: c.dir, env });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(
      /^imported task \S+ as "clip-2" generation 1 \(\w+\); written to postgres:\/\/reelform@127\.0\.0\.1:\d+\/\w+ \(campaign "e2e"\)\.\n$/,
    );
    expect(await listJson()).toEqual(
      before.map((row) => expect.objectContaining({ key: row.key, task_id: row.task_id })),
    );
    expect((await runCli(["plan", "launch.yaml", "--detailed-exitcode"], { cwd: c.dir, env })).code).toBe(0);
    const twice = await runCli(["import", "launch.yaml", "clip-2", String(taskId)], { cwd: c.dir, env });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/is already recorded in postgres:\/\/.* \(campaign "e2e"\): "clip-2" generation 1/);
    expect(existsSync(c.lockfile)).toBe(false); // the state lives in the database only
    expect(createRequests(sim)).toBe(3); // state rm and import sent nothing: one paid task per key
  });
});
