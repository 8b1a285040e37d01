// Checks end to end, against the simulator's bad outputs on purpose: apply --wait --pull --check, then
// plan/apply --replace-failed-checks until every current generation passes, within max_generations, with
// every earlier generation's file kept; on_failed_check: replace in the manifest; an approved verdict
// outranking a failed check; `reelform check` exit codes and --json.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import { outputPath } from "../../src/pull/targets.js";
import { applyCli, campaignDir, cliEnv, e2eSimulators, startCli } from "./apply-helpers.js";

const sims = e2eSimulators();
const ASPECT = '  output_config: { resolution: 720P, duration: 5, aspect_ratio: "9:16" }';

/**
 * campaignDir's manifest, asking for 9:16 (so a wrong aspect shows), with extra top-level lines; `flaws`
 * gives some clips the simulator's prompt marker (BAD_OUTPUT:<flaw>), so they always come back flawed.
 */
async function campaign(
  count: number,
  extra = "",
  flaws: Record<number, string> = {},
): Promise<{ dir: string; lockfile: string }> {
  const c = await campaignDir(count, `${extra}\nvars: { flaw: "" }`);
  const path = join(c.dir, "launch.yaml");
  const include = Object.entries(flaws)
    .map(([n, flaw]) => `{ n: ${n}, flaw: " BAD_OUTPUT:${flaw}" }`)
    .join(", ");
  const text = readFileSync(path, "utf8")
    .replace("  output_config: { resolution: 720P, duration: 5 }", ASPECT)
    .replace('on a wooden table"', 'on a wooden table{{flaw}}"')
    .replace(/( {6}n: \[[^\]]*\])/, include ? `$1\n      include: [${include}]` : "$1");
  writeFileSync(path, text);
  return c;
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const cli = (dir: string, env: Record<string, string>, ...args: string[]) => startCli(args, dir, env).done;

describe("checks against the simulator's bad outputs", () => {
  it(
    "20% bad: apply --check, then --replace-failed-checks until all pass, within max_generations, every earlier file kept",
    { timeout: 240_000 },
    async () => {
      const sim = await sims.start({ taskDurationMs: 300, badOutputRate: 0.2, seed: 11, createRatePerSecond: 0 });
      const c = await campaign(20, "max_generations: 4");
      const env = cliEnv(sim.url);
      const first = await applyCli(c.dir, env, "--rate", "0", "--wait", "--pull", "out", "--check");
      expect(first.code, first.stderr).toBe(1); // 20% of 20 videos come back flawed
      expect(first.stdout).toMatch(/✗ clip-\d+ {2}(duration|aspect_ratio|audio|playable|black_frames|frozen) {2}got /);
      expect(first.stdout).toMatch(/Checked 20 file\(s\): \d+ passed, [1-9]\d* failed/);

      const plan = await cli(c.dir, env, "plan", "launch.yaml", "--replace-failed-checks");
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toMatch(
        /~ clip-\d+ {2}generation 2: check \w+ failed: got .+, asked .+ \(--replace-failed-checks\)/,
      );

      let last = first;
      for (let round = 0; round < 3 && last.code !== 0; round++) {
        last = await applyCli(
          c.dir,
          env,
          "--rate",
          "0",
          "--replace-failed-checks",
          "--wait",
          "--pull",
          "out",
          "--check",
        );
      }
      expect(last.code, `${last.stdout}\n${last.stderr}`).toBe(0);
      const check = await cli(c.dir, env, "check", "launch.yaml", "--dir", "out", "--json");
      expect(check.code, check.stdout).toBe(0);
      expect(JSON.parse(check.stdout).summary).toMatchObject({ files: 20, passed: 20, failed: 0, not_pulled: 0 });

      const lockfile = await readLockfile(c.lockfile);
      const entries = Object.entries(lockfile?.entries ?? {});
      expect(entries.some(([, e]) => e.generation > 1)).toBe(true);
      const folder = join(c.dir, "out", "e2e");
      for (const [key, entry] of entries) {
        expect(entry.generation, key).toBeLessThanOrEqual(4);
        expect(
          entry.checks?.results.every((r) => r.outcome === "passed"),
          key,
        ).toBe(true);
        for (const earlier of entry.earlier ?? []) {
          const output = earlier.task?.outputs[0];
          const path = outputPath(folder, key, 0, earlier.task?.outputs ?? [], earlier.generation);
          expect(existsSync(path), path).toBe(true);
          expect(sha(path), path).toBe(output?.sha256);
          expect(
            earlier.checks?.results.some((r) => r.outcome === "failed"),
            `${key} g${earlier.generation} was replaced for a failed check`,
          ).toBe(true);
        }
      }
    },
  );

  it(
    "on_failed_check: replace lets apply replace by itself, never past max_generations; an approved verdict outranks a failed check",
    { timeout: 120_000 },
    async () => {
      const sim = await sims.start({ taskDurationMs: 200, createRatePerSecond: 0 });
      // clip-1 always comes back 16:9; clip-2 always black.
      const c = await campaign(3, "on_failed_check: replace\nmax_generations: 2", { 1: "wrong_aspect", 2: "black" });
      const env = cliEnv(sim.url);
      const first = await applyCli(c.dir, env, "--rate", "0", "--wait", "--pull", "out", "--check");
      expect(first.code).toBe(1);
      expect(first.stdout).toContain("✗ clip-1  aspect_ratio  got 16:9, asked 9:16");

      const planned = await cli(c.dir, env, "plan", "launch.yaml");
      expect(planned.stdout).toContain(
        "~ clip-1  generation 2: check aspect_ratio failed: got 16:9, asked 9:16 (on_failed_check: replace)",
      );
      expect(planned.stdout).toMatch(/~ clip-2 {2}generation 2: check black_frames failed: got \d+(\.\d+)?% black/);

      const lockfile = await readLockfile(c.lockfile);
      const generation = lockfile?.entries["clip-2"]?.generation;
      const taskId = lockfile?.entries["clip-2"]?.task_id;
      writeFileSync(
        join(c.dir, "launch.review.yaml"),
        `format_version: 1\ncampaign: "e2e"\nverdicts:\n  clip-2:\n    - { generation: ${generation}, task_id: "${taskId}", verdict: approved, by: ana, at: "2026-05-01T10:00:00Z" }\n`,
      );
      const approved = await cli(c.dir, env, "plan", "launch.yaml");
      expect(approved.stdout).toMatch(
        /= clip-2 {2}kept: approved in review, which outranks the failed check black_frames failed/,
      );

      const second = await applyCli(c.dir, env, "--rate", "0", "--wait", "--pull", "out", "--check");
      expect(second.code).toBe(1); // clip-1's generation 2 is 16:9 again
      const capped = await cli(c.dir, env, "plan", "launch.yaml");
      expect(capped.stdout).toContain(
        "= clip-1  check aspect_ratio failed: got 16:9, asked 9:16; not replaced: max_generations 2 reached",
      );
      const third = await applyCli(c.dir, env, "--rate", "0");
      expect(third.stdout).toContain("Nothing to do");
      const after = await readLockfile(c.lockfile);
      expect(after?.entries["clip-1"]?.generation).toBe(2);
      expect(after?.entries["clip-2"]?.generation).toBe(1);
      expect(existsSync(join(c.dir, "out", "e2e", "clip-1.g1.mp4"))).toBe(true);
    },
  );

  it(
    "apply --wait --pull --check: the final table has status's CHECKS column (issue 24)",
    { timeout: 120_000 },
    async () => {
      const sim = await sims.start({ taskDurationMs: 200, createRatePerSecond: 0 });
      const c = await campaign(2, "", { 2: "wrong_duration" });
      const env = cliEnv(sim.url);
      const applied = await applyCli(c.dir, env, "--rate", "0", "--wait", "--pull", "out", "--check");
      expect(applied.code, applied.stderr).toBe(1); // one failed check
      expect(applied.stdout).toMatch(/^KEY +STATE +PROGRESS +CHECKS +OUTPUTS \/ ERROR$/m);
      expect(applied.stdout).toMatch(/^clip-1 +succeeded +100% +ok +http/m);
      expect(applied.stdout).toMatch(/^clip-2 +succeeded +100% +failed \(duration\) +http/m);
      // The same table status prints from the lockfile.
      const status = await cli(c.dir, env, "status", "launch.yaml");
      const rows = (text: string) => text.split("\n").filter((l) => /^(KEY|clip-)/.test(l));
      expect(rows(applied.stdout)).toEqual(rows(status.stdout));
    },
  );

  it(
    "check: exit 0 when all pass, 1 with one line per failed check; a changed file loses its results",
    { timeout: 120_000 },
    async () => {
      const sim = await sims.start({ taskDurationMs: 200, createRatePerSecond: 0 });
      const c = await campaign(2, "", { 2: "wrong_duration" });
      const env = cliEnv(sim.url);
      expect((await applyCli(c.dir, env, "--rate", "0", "--wait", "--pull", "out")).code).toBe(0);
      const failing = await cli(c.dir, env, "check", "launch.yaml", "--dir", "out");
      expect(failing.code).toBe(1);
      expect(failing.stdout).toBe(
        "✗ clip-2  duration  got 10s, asked 5s ± 0.5s\nChecked 2 file(s): 1 passed, 1 failed (1 failed check(s))\n",
      );
      const status = await cli(c.dir, env, "status", "launch.yaml");
      expect(status.stdout).toMatch(/^KEY +STATE +PROGRESS +CHECKS +OUTPUTS/);
      expect(status.stdout).toMatch(/clip-2 +succeeded +100% +failed \(duration\) +http/);
      const list = JSON.parse((await cli(c.dir, env, "list", "launch.yaml", "--json")).stdout) as {
        key: string;
        checks: string;
      }[];
      expect(list.map((r) => [r.key, r.checks])).toEqual([
        ["clip-1", "ok"],
        ["clip-2", "failed (duration)"],
      ]);
      const show = await cli(c.dir, env, "show", "launch.yaml", "clip-2");
      expect(show.stdout).toContain("check:        duration failed: got 10s, asked 5s ± 0.5s (mediabunny");

      // A file that changes (another sha256 recorded by pull) loses its results.
      const lockfile = JSON.parse(readFileSync(c.lockfile, "utf8"));
      lockfile.entries["clip-2"].task.outputs[0].sha256 = "0".repeat(64);
      writeFileSync(c.lockfile, `${JSON.stringify(lockfile, null, 2)}\n`);
      const stale = JSON.parse((await cli(c.dir, env, "list", "launch.yaml", "--json")).stdout) as {
        key: string;
        checks: string;
      }[];
      expect(stale.find((r) => r.key === "clip-2")?.checks).toBe("not checked");
      const plan = await cli(c.dir, env, "plan", "launch.yaml", "--replace-failed-checks");
      expect(plan.stdout).toContain("Nothing to do");
    },
  );
  it(
    "replacements for failed checks count in the budget: over --max-cost or budget: apply sends nothing and says why",
    { timeout: 120_000 },
    async () => {
      const sim = await sims.start({ taskDurationMs: 200, createRatePerSecond: 0 });
      // 5 s of Kling at 0.10/s: each generation costs 0.50. clip-1 always comes back 16:9.
      const c = await campaign(2, "prices: { currency: USD, rules: [{ model_name: Kling, per_second: 0.10 }] }", {
        1: "wrong_aspect",
      });
      const env = cliEnv(sim.url);
      expect((await applyCli(c.dir, env, "--rate", "0", "--wait", "--pull", "out", "--check")).code).toBe(1);
      const before = readFileSync(c.lockfile, "utf8");

      const planned = await cli(c.dir, env, "plan", "launch.yaml", "--replace-failed-checks");
      expect(planned.stdout).toContain("estimated cost 0.50 USD");
      const refused = await applyCli(c.dir, env, "--rate", "0", "--replace-failed-checks", "--max-cost", "0.4");
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("estimated cost 0.50 USD exceeds the budget of 0.40 USD");
      expect(readFileSync(c.lockfile, "utf8")).toBe(before);

      // on_failed_check: replace with the manifest's own budget: the same refusal, nothing sent.
      const path = join(c.dir, "launch.yaml");
      writeFileSync(
        path,
        readFileSync(path, "utf8").replace("prices:", "on_failed_check: replace\nbudget: 0.4\nprices:"),
      );
      const byManifest = await applyCli(c.dir, env, "--rate", "0");
      expect(byManifest.code).toBe(1);
      expect(byManifest.stderr).toContain("estimated cost 0.50 USD exceeds the budget of 0.40 USD");
      expect(readFileSync(c.lockfile, "utf8")).toBe(before);
      const within = await applyCli(c.dir, env, "--rate", "0", "--max-cost", "0.5");
      expect(within.code, within.stderr).toBe(0);
      expect((await readLockfile(c.lockfile))?.entries["clip-1"]?.generation).toBe(2);
    },
  );
});
