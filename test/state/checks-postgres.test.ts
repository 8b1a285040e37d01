// Checks with the state in PostgreSQL: `apply --wait --pull --check` and `reelform check` record their results
// in the database, and `state pull` reads back the same results, per key and generation, as the lockfile of the
// same campaign run with the file backend holds.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckRecord, LockEntry, Lockfile } from "../../src/lockfile/types.js";
import { POSTGRES_SKIP_REASON, postgresAvailable } from "../helpers/postgres.js";
import { fileBackend, postgresBackend, type StateBackend } from "../helpers/state-backends.js";
import { applyCli, campaignDir, cliEnv, e2eSimulators, startCli } from "../e2e/apply-helpers.js";

if (!postgresAvailable) console.warn(`skipping the checks-on-PostgreSQL test: ${POSTGRES_SKIP_REASON}`);

const sims = e2eSimulators();
const db = postgresAvailable ? postgresBackend() : undefined;

/** Four 9:16 clips: clip-2 always comes back 10 s long, clip-3 always black (the simulator's prompt markers). */
async function flawedCampaign(): Promise<{ dir: string; lockfile: string }> {
  const c = await campaignDir(4, 'vars: { flaw: "" }');
  const text = readFileSync(c.manifest, "utf8")
    .replace(
      "  output_config: { resolution: 720P, duration: 5 }",
      '  output_config: { resolution: 720P, duration: 5, aspect_ratio: "9:16" }',
    )
    .replace('on a wooden table"', 'on a wooden table{{flaw}}"')
    .replace(
      /( {6}n: \[[^\]]*\])/,
      '$1\n      include: [{ n: 2, flaw: " BAD_OUTPUT:wrong_duration" }, { n: 3, flaw: " BAD_OUTPUT:black" }]',
    );
  writeFileSync(c.manifest, text);
  return c;
}

/** Each key's checks, the file's sha256 replaced by whether it is the pulled output's (task ids and files differ per run). */
function checksOf(
  lockfile: Lockfile,
): Map<string, { generation: number; ofPulledFile: boolean; results: CheckRecord["results"] }> {
  const out = new Map<string, { generation: number; ofPulledFile: boolean; results: CheckRecord["results"] }>();
  for (const [key, entry] of Object.entries(lockfile.entries) as [string, LockEntry][]) {
    if (!entry.checks) continue;
    out.set(key, {
      generation: entry.generation,
      ofPulledFile: entry.checks.sha256 === entry.task?.outputs[0]?.sha256,
      results: entry.checks.results,
    });
  }
  return out;
}

interface Outcome {
  dir: string;
  apply: { code: number | null; stdout: string };
  check: { code: number | null; stdout: string };
  recorded: Lockfile;
}

async function runChecks(
  backend: StateBackend,
  read: (dir: string, env: Record<string, string>) => Promise<Lockfile>,
): Promise<Outcome> {
  // A simulator each: the two runs send the same session_ids.
  const sim = await sims.start({ taskDurationMs: 200, createRatePerSecond: 0 });
  const c = await flawedCampaign();
  const env = cliEnv(sim.url, await backend.prepare(c.lockfile));
  const apply = await applyCli(c.dir, env, "--rate", "0", "--wait", "--pull", "out", "--check");
  // `check` again over the same files: its results replace apply's (the same, as nothing changed).
  const check = await startCli(["check", "launch.yaml", "--dir", "out"], c.dir, env).done;
  return { dir: c.dir, apply, check, recorded: await read(c.dir, env) };
}

describe.skipIf(!postgresAvailable)("checks with the state in PostgreSQL", { timeout: 240_000 }, () => {
  it("apply --wait --pull --check and check record the same results in the database as in the lockfile; state pull reads them back", async () => {
    const onFile = await runChecks(
      fileBackend,
      async (dir) => JSON.parse(readFileSync(join(dir, "launch.lock.json"), "utf8")) as Lockfile,
    );
    const onDb = await runChecks(db!, async (dir, env) => {
      const pulled = await startCli(["state", "pull", "launch.yaml"], dir, env).done;
      expect(pulled.code, pulled.stderr).toBe(0);
      return JSON.parse(pulled.stdout) as Lockfile;
    });

    expect(onFile.apply.code).toBe(1);
    expect(onFile.check.code).toBe(1);
    expect(onFile.check.stdout).toMatch(/Checked 4 file\(s\): 2 passed, 2 failed/);
    expect(onDb.apply.code).toBe(onFile.apply.code);
    expect(onDb.apply.stdout).toMatch(/✗ clip-2 {2}duration {2}got 10s, asked 5s/);
    expect(onDb.check).toEqual(onFile.check);

    const fileChecks = checksOf(onFile.recorded);
    expect([...fileChecks.keys()]).toEqual(["clip-1", "clip-2", "clip-3", "clip-4"]);
    expect(fileChecks.get("clip-2")?.results).toContainEqual(
      expect.objectContaining({ check: "duration", outcome: "failed" }),
    );
    expect(fileChecks.get("clip-3")?.results).toContainEqual(
      expect.objectContaining({ check: "black_frames", outcome: "failed" }),
    );
    for (const [, checks] of fileChecks) expect(checks.ofPulledFile).toBe(true);
    expect(checksOf(onDb.recorded)).toEqual(fileChecks);
    // The database run left no lockfile beside its manifest: the results live in the rows only.
    expect(existsSync(join(onDb.dir, "launch.lock.json"))).toBe(false);
  });
});
