// reelform models: what the table allows and where each rule comes from (built CLI).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";

describe("reelform models", () => {
  it("prints provenance, the rule, and each rule of a version with the sources that state it", async () => {
    const r = await runCli(["models", "Kling", "3.0-Omni"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "tencent: Tencent's API text (SDK 4.1.313) (package tencentcloud-sdk-nodejs, version 4.1.313",
    );
    expect(r.stdout).toContain("Kling 3.0-Omni  (listed by tencent, seed)");
    expect(r.stdout).toMatch(/^ {2}duration {6}3–15 s\s+tencent, seed$/m);
    expect(r.stdout).toMatch(/^ {2}images {8}at most 3\s+seed$/m);
    expect(r.stdout).toMatch(/^ {2}audio {9}yes\s+tencent\n {16}no\s+seed$/m);
  });

  it("--json: provenance, limits, upstream effects and every version's rules per source", async () => {
    const r = await runCli(["models", "--json"]);
    const view = JSON.parse(r.stdout);
    expect(view.provenance.tencent.version).toBe("4.1.313");
    expect(view.limits.prompt_max_chars).toBe(1000);
    expect(view.upstream_effects.last_frame).toBe("ignores");
    const h3 = view.versions.find(
      (v: { model: string; version: string }) => v.model === "Hailuo" && v.version === "H3",
    );
    expect(h3).toMatchObject({
      listed_by: ["tencent"],
      rules: { tencent: { last_frame: true, durations: { min: 4, max: 15, whole_seconds: true } } },
    });
    // The SDK states H3's rules "when the version is H3": for H3-Max they are reelform's inference, credited as such.
    const h3max = view.versions.find(
      (v: { model: string; version: string }) => v.model === "Hailuo" && v.version === "H3-Max",
    );
    expect(h3max).toMatchObject({
      listed_by: ["tencent", "tencent-inferred"],
      rules: {
        tencent: { last_frame: false, durations: { values: [6, 10] } },
        "tencent-inferred": { last_frame: true, durations: { min: 4, max: 15, whole_seconds: true } },
      },
    });
    expect(view.gateway_only_sources).toEqual(["seed"]);
    expect(view.versions).toHaveLength(40);
  });

  it("shows a --models file's additions, and names an unknown model", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reelform-models-"));
    await writeFile(join(dir, "extra.yaml"), 'models:\n  Kling:\n    versions:\n      "3.1": { seed: false }\n');
    const r = await runCli(["models", "Kling", "3.1", "--models", "extra.yaml"], { cwd: dir });
    expect(r.stdout).toContain("Kling 3.1  (listed by tencent)");
    const unknown = await runCli(["models", "Sora"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown model "Sora"; the table has Kling, Hailuo');
  });
});
