// `reelform plan` end to end through the built CLI (`npm run build` first), on a real manifest.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileManifest } from "../../src/expand/compile.js";
import { writeLockfile } from "../../src/lockfile/io.js";
import type { Lockfile } from "../../src/lockfile/types.js";
import { deriveSessionId } from "../../src/plan/session-id.js";
import { runCli } from "../helpers/exec.js";

const MANIFEST = (surfaceWord: string) => `version: 1
campaign: spring-launch
defaults:
  model_name: Kling
  model_version: "2.1"
  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: 5 }
videos:
  - name: "hero-{{product}}"
    prompt: "Acme {{product}} resting on ${surfaceWord}"
    matrix:
      product: [sneaker, backpack]
`;

function project(manifest = MANIFEST("sand")): string {
  const dir = mkdtempSync(join(tmpdir(), "reelform-plan-e2e-"));
  writeFileSync(join(dir, "launch.yaml"), manifest);
  return dir;
}

/** The lockfile apply would have written after submitting this manifest. */
async function recordApplied(dir: string, manifest: string, campaign = "spring-launch"): Promise<void> {
  writeFileSync(join(dir, "applied.yaml"), manifest);
  const expanded = await compileManifest("applied.yaml", { cwd: dir, env: {} });
  const lock: Lockfile = { format_version: 1, campaign, entries: {} };
  for (const r of expanded.requests) {
    const session_id = deriveSessionId(campaign, r.key, r.hash, 1);
    lock.entries[r.key] = {
      hash: r.hash,
      generation: 1,
      session_id,
      submission: "created",
      task_id: `1-AigcVideoTask-${r.key}`,
      body: { ...r.body, session_id },
    };
  }
  await writeLockfile(join(dir, "launch.lock.json"), lock);
}

describe("reelform plan (built CLI)", () => {
  it("plans everything as + when nothing was generated yet; --detailed-exitcode says 2", async () => {
    const result = await runCli(["plan", "launch.yaml", "--detailed-exitcode"], { cwd: project() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("  + hero-backpack\n  + hero-sneaker\n");
    expect(result.stdout).toMatch(/Plan: 2 to create; 10 s of video \(Kling 2.1: 10 s\)\.\n$/);
  });

  it("has nothing to do once applied (exit 0), and shows the old and new prompt after an edit", async () => {
    const dir = project();
    await recordApplied(dir, MANIFEST("sand"));
    const clean = await runCli(["plan", "launch.yaml", "--detailed-exitcode"], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("= 2 unchanged");
    writeFileSync(join(dir, "launch.yaml"), MANIFEST("wet sand"));
    const edited = await runCli(["plan", "launch.yaml", "--detailed-exitcode"], { cwd: dir });
    expect(edited.code).toBe(2);
    expect(edited.stdout).toContain(
      "  ~ hero-sneaker  generation 2\n      prompt:\n        - Acme sneaker resting on sand\n        + Acme sneaker resting on wet sand\n",
    );
  });

  it("fails with the lockfile's line and no stack trace when it is damaged", async () => {
    const dir = project();
    writeFileSync(
      join(dir, "launch.lock.json"),
      '{\n  "format_version": 1,\n  "campaign": "spring-launch",\n  "entries": {\n    "hero-sneaker": {\n',
    );
    const result = await runCli(["plan", "launch.yaml"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^launch\.lock\.json:6:1: error: invalid JSON: .*\(the file is truncated\)/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe("");
  });

  it("refuses a bad pattern and a lockfile of another campaign (unless allowed)", async () => {
    const dir = project();
    const pattern = await runCli(["plan", "launch.yaml", "--target", "hero-[x"], { cwd: dir });
    expect(pattern.code).toBe(1);
    expect(pattern.stderr).toMatch(/--target "hero-\[x" is not a valid pattern/);
    await recordApplied(dir, MANIFEST("sand"), "autumn");
    const mismatch = await runCli(["plan", "launch.yaml"], { cwd: dir });
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/records campaign "autumn" but launch.yaml says "spring-launch"/);
    expect((await runCli(["plan", "launch.yaml", "--allow-campaign-mismatch"], { cwd: dir })).code).toBe(0);
  });

  it("prints the JSON document, and saves a plan with --out", async () => {
    const dir = project();
    const json = await runCli(["plan", "launch.yaml", "--json", "--out", "launch.plan.json"], { cwd: dir });
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout) as {
      format_version: number;
      manifest: string;
      lockfile: string;
      entries: { key: string; body: unknown }[];
    };
    expect(document).toMatchObject({ format_version: 1, manifest: "launch.yaml", lockfile: "launch.lock.json" });
    expect(document.entries.map((e) => e.key)).toEqual(["hero-backpack", "hero-sneaker"]);
    expect(json.stderr).toContain("plan saved to launch.plan.json");
  });

  it("fails after printing the plan when the budget is exceeded", async () => {
    const dir = project();
    writeFileSync(
      join(dir, "prices.yaml"),
      'currency: USD\nrules:\n  - { model_name: Kling, model_version: "2.1", per_second: 0.5 }\n',
    );
    const result = await runCli(["plan", "launch.yaml", "--prices", "prices.yaml", "--max-cost", "4"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("estimated cost 5.00 USD of a 4.00 USD budget");
    expect(result.stderr).toContain("reelform: estimated cost 5.00 USD exceeds the budget of 4.00 USD");
  });
});
