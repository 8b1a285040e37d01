// apply does what the plan showed for review verdicts, from the manifest and from a saved plan: a rejected
// video gets a new generation, an approved one survives a template change, and a saved plan made before a
// verdict changed is refused.
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeReviewFile } from "../../src/review/review-io.js";
import type { Verdict } from "../../src/review/verdicts.js";
import { applyCli, e2eSimulators, readLock } from "../e2e/apply-helpers.js";
import { runCli } from "../helpers/exec.js";
import { reviewEnv } from "./campaign.js";

const sims = e2eSimulators();

const manifest = (look: string) => `version: 1
campaign: shoot
defaults: { model_name: Kling, model_version: "2.1", output_config: { resolution: 720P, duration: 5 } }
videos:
  - name: "hero-{{product}}"
    prompt: "{{product}} on marble, ${look}"
    matrix: { product: [sneaker, bottle, kite] }
`;

async function applied() {
  const sim = await sims.start({ createRatePerSecond: 0 });
  const dir = await mkdtemp(join(tmpdir(), "reelform-verdicts-"));
  await writeFile(join(dir, "launch.yaml"), manifest("soft light"));
  const env = reviewEnv({ REELFORM_API_KEY: "sim-review-key", REELFORM_BASE_URL: sim.url });
  expect((await applyCli(dir, env)).code).toBe(0);
  const creates = () => sim.state().requests.filter((r) => r.outcome === "created").length;
  const verdicts = async (list: Omit<Verdict, "at">[]) =>
    writeReviewFile(
      join(dir, "launch.review.yaml"),
      { campaign: "shoot", verdicts: list.map((v) => ({ ...v, at: "2026-05-02T09:00:00Z" })) },
      join(dir, "launch.yaml"),
    );
  return { dir, env, creates, verdicts };
}

describe("apply acts on review verdicts as the plan showed", () => {
  it("regenerates the rejected video and keeps the approved one through a template change", async () => {
    const { dir, env, creates, verdicts } = await applied();
    expect(creates()).toBe(3);
    await verdicts([
      { key: "hero-bottle", generation: 1, verdict: "approved" },
      { key: "hero-kite", generation: 1, verdict: "rejected", note: "string is missing" },
    ]);
    await writeFile(join(dir, "launch.yaml"), manifest("golden hour"));
    const plan = await runCli(["plan", "launch.yaml"], { cwd: dir, env });
    expect(plan.stdout).toContain(
      "= hero-bottle  kept: approved in review (the request changed; --replace KEY generates it again)",
    );
    expect(plan.stdout).toContain("~ hero-kite  generation 2: rejected in review: string is missing");
    expect(plan.stdout).toContain("~ hero-sneaker  generation 2\n");
    const apply = await applyCli(dir, env);
    expect(apply.code, apply.stderr).toBe(0);
    expect(creates()).toBe(5);
    const lock = await readLock(join(dir, "launch.lock.json"));
    expect([
      lock.entries["hero-bottle"]?.generation,
      lock.entries["hero-kite"]?.generation,
      lock.entries["hero-sneaker"]?.generation,
    ]).toEqual([1, 2, 2]);
    const again = await runCli(["plan", "launch.yaml", "--detailed-exitcode"], { cwd: dir, env });
    expect(again.code, "the old verdict on hero-kite's first generation no longer applies").toBe(0);
  }, 60_000);

  it("applies a saved plan's verdict decisions, and refuses one whose review file changed since", async () => {
    const { dir, env, creates, verdicts } = await applied();
    await verdicts([{ key: "hero-kite", generation: 1, verdict: "rejected", note: "too dark" }]);
    const saved = await runCli(["plan", "launch.yaml", "--out", "plan.json"], { cwd: dir, env });
    expect(saved.code, saved.stderr).toBe(0);
    await verdicts([
      { key: "hero-kite", generation: 1, verdict: "rejected", note: "too dark" },
      { key: "hero-bottle", generation: 1, verdict: "rejected" },
    ]);
    const refused = await runCli(["apply", "plan.json"], { cwd: dir, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("review file launch.review.yaml changed");
    expect(creates()).toBe(3);

    await runCli(["plan", "launch.yaml", "--out", "plan.json"], { cwd: dir, env });
    const planned = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as {
      plan: { entries: { key: string; mark: string; generation: number }[] };
    };
    const apply = await runCli(["apply", "plan.json"], { cwd: dir, env });
    expect(apply.code, apply.stderr).toBe(0);
    const lock = await readLock(join(dir, "launch.lock.json"));
    for (const e of planned.plan.entries) expect(lock.entries[e.key]?.generation, e.key).toBe(e.generation);
    expect(planned.plan.entries.filter((e) => e.mark === "replace").map((e) => e.key)).toEqual([
      "hero-bottle",
      "hero-kite",
    ]);
    expect(creates()).toBe(5);
  }, 60_000);
});
