// `state push` of a format 1 lockfile stores format 3 rows (lockfile/stored-shape.ts); the database reads
// them back as recorded (`state pull` prints the lockfile byte for byte), and rows a reelform before format 3
// stored (format 1, format 2) still read, each by its own format's rules.
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { serializeLockfile } from "../../src/lockfile/serialize.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { canonicalJson } from "../../src/util/canonical-json.js";
import { runCli } from "../helpers/exec.js";
import { POSTGRES_SKIP_REASON, postgresAvailable } from "../helpers/postgres.js";
import { postgresBackend } from "../helpers/state-backends.js";
import { cliEnv } from "../e2e/apply-helpers.js";

if (!postgresAvailable) console.warn(`skipping PostgreSQL format tests: ${POSTGRES_SKIP_REASON}`);
const db = postgresAvailable ? postgresBackend() : undefined;

const FIXTURE = new URL("../fixtures/lockfile/v1-simulator-pulled.lock.json", import.meta.url);
const FIXTURE_V2 = new URL("../fixtures/lockfile/v2-simulator-pulled.lock.json", import.meta.url);
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

async function rows(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgresAvailable)("format 1 lockfiles and PostgreSQL", { timeout: 240_000 }, () => {
  it("state push of a format 1 lockfile stores format 3 rows; state pull reads them as recorded", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reelform-format-pg-"));
    await writeFile(join(dir, "launch.yaml"), MANIFEST);
    await copyFile(FIXTURE, join(dir, "launch.lock.json"));
    const old = await readFile(FIXTURE, "utf8");
    const env = cliEnv("http://127.0.0.1:9", await db!.prepare(join(dir, "launch.lock.json")));
    const url = env.REELFORM_STATE as string;
    const push = await runCli(["state", "push", "launch.yaml"], { cwd: dir, env });
    expect(push.code, push.stderr).toBe(0);

    expect(await rows(url, "select format_version from reelform_campaigns")).toEqual([{ format_version: 3 }]);
    const stored = await rows(url, `select key, entry from reelform_entries order by key collate "C"`);
    expect(stored).toHaveLength(6);
    for (const row of stored) {
      const entry = JSON.parse(row.entry as string) as Record<string, unknown>;
      expect(entry, String(row.key)).toHaveProperty("request");
      expect(entry).not.toHaveProperty("body");
      expect(entry).not.toHaveProperty("submission");
      expect(entry).not.toHaveProperty("session_id"); // the one apply derived
      expect((entry.task as { outputs: { url: string }[] }).outputs[0]?.url).toContain("{task_id}");
    }

    // state pull prints the format 3 lockfile of exactly what was recorded.
    const pulled = await runCli(["state", "pull", "launch.yaml"], { cwd: dir, env });
    expect(pulled.code, pulled.stderr).toBe(0);
    const recorded = parseLockfileText(old, "launch.lock.json");
    expect(pulled.stdout).toBe(serializeLockfile(recorded));
    expect(canonicalJson(parseLockfileText(pulled.stdout, "pulled").entries)).toBe(
      canonicalJson((JSON.parse(old) as { entries: unknown }).entries),
    );

    // A format 3 lockfile pushed and pulled again: byte for byte the same.
    await writeFile(join(dir, "launch.lock.json"), pulled.stdout);
    const again = await runCli(["state", "push", "launch.yaml"], { cwd: dir, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("(0 new, 0 changed, 6 already there)");
    const back = await runCli(["state", "pull", "launch.yaml"], { cwd: dir, env });
    expect(back.stdout).toBe(pulled.stdout);
  });

  it("rows stored in format 2 read by format 2's rules, and the next write stores them in format 3", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reelform-format-pg-"));
    await writeFile(join(dir, "launch.yaml"), MANIFEST);
    const env = cliEnv("http://127.0.0.1:9", await db!.prepare(join(dir, "launch.lock.json")));
    const url = env.REELFORM_STATE as string;
    const recorded = (JSON.parse(await readFile(FIXTURE, "utf8")) as { entries: Record<string, unknown> }).entries;
    // A database as a format 2 reelform wrote it: each row the entry's format 2 line of the lockfile.
    const v2 = JSON.parse(await readFile(FIXTURE_V2, "utf8")) as { entries: Record<string, unknown> };
    const init = await runCli(["list", "launch.yaml"], { cwd: dir, env });
    expect(init.code).toBe(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        "insert into reelform_campaigns (campaign, format_version, lockfile_campaign) values ('demo', 2, 'demo')",
      );
      for (const [key, entry] of Object.entries(v2.entries))
        await client.query("insert into reelform_entries (campaign, key, sha, entry) values ('demo', $1, 'x', $2)", [
          key,
          JSON.stringify(entry),
        ]);
    } finally {
      await client.end();
    }
    const pulled = await runCli(["state", "pull", "launch.yaml"], { cwd: dir, env });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(canonicalJson(parseLockfileText(pulled.stdout, "pulled").entries)).toBe(canonicalJson(recorded));
    const rm = await runCli(["state", "rm", "launch.yaml", "hero-sneaker-sand", "--auto-approve"], { cwd: dir, env });
    expect(rm.code, rm.stderr).toBe(0);
    expect(await rows(url, "select format_version from reelform_campaigns")).toEqual([{ format_version: 3 }]);
    const after = await runCli(["state", "pull", "launch.yaml"], { cwd: dir, env });
    const left = parseLockfileText(after.stdout, "pulled").entries;
    expect(Object.keys(left)).toHaveLength(5);
    for (const key of Object.keys(left)) expect(canonicalJson(left[key]), key).toBe(canonicalJson(recorded[key]));
  });

  it("rows stored in format 1 (before format 2) read as recorded, and the next write stores them in format 3", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reelform-format-pg-"));
    await writeFile(join(dir, "launch.yaml"), MANIFEST);
    const env = cliEnv("http://127.0.0.1:9", await db!.prepare(join(dir, "launch.lock.json")));
    const url = env.REELFORM_STATE as string;
    const old = JSON.parse(await readFile(FIXTURE, "utf8")) as { campaign: string; entries: Record<string, unknown> };
    // A database as reelform wrote it before format 2: format_version 1, each entry JSON.stringify'd whole.
    const init = await runCli(["list", "launch.yaml"], { cwd: dir, env }); // creates the schema (nothing recorded)
    expect(init.code).toBe(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        "insert into reelform_campaigns (campaign, format_version, lockfile_campaign) values ('demo', 1, 'demo')",
      );
      for (const [key, entry] of Object.entries(old.entries))
        await client.query("insert into reelform_entries (campaign, key, sha, entry) values ('demo', $1, 'x', $2)", [
          key,
          JSON.stringify(entry),
        ]);
    } finally {
      await client.end();
    }
    const pulled = await runCli(["state", "pull", "launch.yaml"], { cwd: dir, env });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(canonicalJson(parseLockfileText(pulled.stdout, "pulled").entries)).toBe(canonicalJson(old.entries));
    // state rm writes: every row is stored again in format 3, the campaign row says so.
    const rm = await runCli(["state", "rm", "launch.yaml", "hero-sneaker-sand", "--auto-approve"], { cwd: dir, env });
    expect(rm.code, rm.stderr).toBe(0);
    expect(await rows(url, "select format_version from reelform_campaigns")).toEqual([{ format_version: 3 }]);
    const stored = await rows(url, "select entry from reelform_entries");
    expect(stored).toHaveLength(5);
    for (const row of stored) expect(JSON.parse(row.entry as string)).toHaveProperty("request");
  });
});
