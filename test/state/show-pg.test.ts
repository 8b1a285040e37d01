// `show` on PostgreSQL reads one row (issue 24): the same output as from the lockfile, for every key, and
// the full read only for what one row cannot answer (a missing key's did-you-mean, unfolded records).
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { resolveStateSettings, type PostgresSettings } from "../../src/state/settings.js";
import { postgresState } from "../../src/state/postgres-state.js";
import { runCli } from "../helpers/exec.js";
import { POSTGRES_SKIP_REASON, postgresAvailable } from "../helpers/postgres.js";
import { postgresBackend } from "../helpers/state-backends.js";
import { cliEnv } from "../e2e/apply-helpers.js";
import { systemClock } from "../../src/sched/clock.js";

if (!postgresAvailable) console.warn(`skipping PostgreSQL show tests: ${POSTGRES_SKIP_REASON}`);
const db = postgresAvailable ? postgresBackend() : undefined;

const FIXTURE = new URL("../fixtures/lockfile/v1-simulator-pulled.lock.json", import.meta.url);
const MANIFEST = [
  "version: 1",
  "campaign: demo",
  "videos:",
  '  - name: "loop-vidu"',
  "    model_name: Vidu",
  "    model_version: q2",
  '    prompt: "Acme sneaker spinning on a turntable, seamless loop"',
  '    output_config: { resolution: 720P, aspect_ratio: "1:1", duration: 4 }',
  "",
].join("\n");

describe.skipIf(!postgresAvailable)("show on PostgreSQL", { timeout: 240_000 }, () => {
  it("prints what it prints from the lockfile, for every key; reads one row to do it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reelform-show-pg-"));
    await writeFile(join(dir, "launch.yaml"), MANIFEST);
    const lockfile = join(dir, "launch.lock.json");
    await copyFile(FIXTURE, lockfile);
    const fileEnv = cliEnv("http://127.0.0.1:9");
    const pgEnv = cliEnv("http://127.0.0.1:9", await db!.prepare(lockfile));
    const pushed = await runCli(["state", "push", "launch.yaml"], { cwd: dir, env: pgEnv });
    expect(pushed.code, pushed.stderr).toBe(0);
    // The file as reelform writes it today (format 2), as the database holds it.
    await writeFile(lockfile, (await runCli(["state", "pull", "launch.yaml"], { cwd: dir, env: pgEnv })).stdout);
    const keys = Object.keys((JSON.parse(await readFile(lockfile, "utf8")) as { entries: object }).entries);
    expect(keys.length).toBeGreaterThan(3);
    for (const key of [...keys, "missing-key"]) {
      for (const flags of [[], ["--json"]]) {
        const fromFile = await runCli(["show", "launch.yaml", key, ...flags], { cwd: dir, env: fileEnv });
        const fromDb = await runCli(["show", "launch.yaml", key, ...flags], { cwd: dir, env: pgEnv });
        expect(fromDb, key).toEqual(fromFile);
        expect(fromFile.code).toBe(key === "missing-key" ? 1 : 0);
      }
    }

    // Through the store: one statement, one row, the entry read() gives.
    const settings = resolveStateSettings({ REELFORM_STATE: pgEnv.REELFORM_STATE }) as PostgresSettings;
    const client = new pg.Client({ connectionString: pgEnv.REELFORM_STATE });
    await client.connect();
    try {
      const state = postgresState({
        client,
        connect: () => Promise.reject(new Error("not needed")),
        settings,
        campaign: "demo",
        lockfilePath: lockfile,
        clock: systemClock,
      });
      const full = (await state.read())!.lockfile;
      const rows: number[] = [];
      const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
      (client as unknown as { query: typeof query }).query = async (text, values) => {
        const result = await query(text, values);
        rows.push(result.rows.length);
        return result;
      };
      const key = keys[2] as string;
      expect(await state.readEntry(key)).toEqual({ kind: "found", entry: full.entries[key] });
      expect(rows).toEqual([1]);
      // A key not there: every key (for the "did you mean"), not every entry.
      expect(await state.readEntry("missing-key")).toEqual({ kind: "missing", keys: Object.keys(full.entries) });
    } finally {
      await client.end();
    }
  });
});
