// Issue 23: findings follow the provider that will send the request, every rule is credited to the source
// that states it (inferred ones as inferred), and a prompt is required only where Tencent's text requires it.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RequestChecker } from "../../src/check/check-request.js";
import { builtinModels } from "../../src/check/models-file.js";
import type { JsonObject } from "../../src/util/canonical-json.js";
import { runCli } from "../helpers/exec.js";

const table = await builtinModels();
const gateway = new RequestChecker(table, "gateway");
const tencent = new RequestChecker(table, "tencent");
const image = (i: number): JsonObject => ({
  type: "Url",
  category: "Image",
  url: `https://cdn.example.com/${i}.png`,
  usage: "Reference",
});
const req = (model: string, version: string, extra: JsonObject = {}): JsonObject => ({
  model_name: model,
  model_version: version,
  prompt: "a paper boat",
  ...extra,
});
const severities = (checker: RequestChecker, body: JsonObject, path: string) =>
  checker
    .check(body)
    .filter((f) => f.path === path)
    .map((f) => f.severity);

describe("a prompt is required only when nothing else carries the request (CreateAigcVideoTaskRequest.Prompt)", () => {
  const extOnly: JsonObject = {
    model_name: "Kling",
    model_version: "3.0",
    ext_info: { storyboard: [{ prompt: "shot one" }] },
  };
  it("Kling 3.0 with only ext_info: a warning through the gateway (its page requires a prompt), nothing through tencent", () => {
    expect(gateway.check(extOnly).filter((f) => f.path === "prompt")).toEqual([
      expect.objectContaining({ severity: "warning", message: expect.stringContaining("ext_info") }),
    ]);
    expect(severities(tencent, extOnly, "prompt")).toEqual([]);
    expect(severities(tencent, { ...extOnly, ext_info: '{"shots":2}' }, "prompt")).toEqual([]);
  });
  it("no prompt, no files, no scene type and an empty ext_info: an error for both", () => {
    const bare: JsonObject = { model_name: "Kling", model_version: "3.0", ext_info: {} };
    expect(severities(gateway, bare, "prompt")).toEqual(["error"]);
    expect(severities(tencent, { ...bare, ext_info: " " }, "prompt")).toEqual(["error"]);
  });
});

describe("image caps and H3's rules credited to the source that states them", () => {
  it("GV: the cap of 3 is the gateway page's; Tencent's text states none", () => {
    const four = req("GV", "3.1", { file_infos: [1, 2, 3, 4].map(image) });
    const findings = gateway.check(four).filter((f) => f.path === "file_infos");
    expect(findings).toEqual([
      expect.objectContaining({
        severity: "warning",
        forbiddenBy: ["seed"],
        message: expect.stringContaining("the gateway's Create Task page"),
      }),
    ]);
    expect(tencent.check(four).filter((f) => f.path === "file_infos")).toEqual([]);
  });
  it("Vidu q2: the cap of 7 likewise", () => {
    const eight = req("Vidu", "q2", { file_infos: [1, 2, 3, 4, 5, 6, 7, 8].map(image) });
    expect(severities(gateway, eight, "file_infos")).toEqual(["warning"]);
    expect(severities(tencent, eight, "file_infos")).toEqual([]);
  });
  it("Hailuo H3_regen and H3-Max: H3's rules are an inference (a warning where only the literal text objects); outside both, an error", () => {
    for (const version of ["H3_regen", "H3-Max"]) {
      const at4k = tencent
        .check(req("Hailuo", version, { output_config: { resolution: "4K", duration: 6 } }))
        .filter((f) => f.path === "output_config.resolution");
      expect(at4k, version).toEqual([
        expect.objectContaining({
          severity: "warning",
          forbiddenBy: ["tencent"],
          message: expect.stringContaining("reelform's inference"),
        }),
      ]);
      expect(
        severities(tencent, req("Hailuo", version, { output_config: { duration: 20 } }), "output_config.duration"),
        version,
      ).toEqual(["error"]);
    }
    // H3 itself: the text states them, so they stay errors and permissions.
    expect(
      severities(
        tencent,
        req("Hailuo", "H3", { output_config: { resolution: "4K", duration: 6 } }),
        "output_config.resolution",
      ),
    ).toEqual([]);
    expect(
      severities(
        tencent,
        req("Hailuo", "H3", { output_config: { resolution: "8K", duration: 6 } }),
        "output_config.resolution",
      ),
    ).toEqual(["error"]);
  });
});

describe("validation that knows the provider", () => {
  it("tencent: no 'not listed by the gateway's Create Task page', and no gateway-page rule", () => {
    const kling26 = req("Kling", "2.6");
    expect(gateway.check(kling26).map((f) => f.message)).toContain(
      "Kling 2.6 is not listed by the gateway's Create Task page",
    );
    expect(tencent.check(kling26)).toEqual([]);
    // Kling's 10 s/5 s durations are the gateway page's: 7 s is only its objection.
    expect(
      severities(gateway, req("Kling", "2.1", { output_config: { duration: 7 } }), "output_config.duration"),
    ).toEqual(["warning"]);
    expect(
      severities(tencent, req("Kling", "2.1", { output_config: { duration: 7 } }), "output_config.duration"),
    ).toEqual([]);
  });
  it("gateway: Tencent's fields its page does not list are warnings; tencent: nothing", () => {
    const body = req("Kling", "2.1", {
      last_frame_file_id: "528",
      subject_infos: [{ id: "s1" }],
      input_region: "Oversea",
      file_infos: [image(1)],
      output_config: { enable_bgm: "Enabled", resolution: "720P" },
    });
    const paths = gateway
      .check(body)
      .filter((f) => f.message.includes("is not on the gateway's Create Task page"))
      .map((f) => f.path)
      .sort();
    expect(paths).toEqual(["input_region", "last_frame_file_id", "output_config.enable_bgm", "subject_infos"]);
    expect(tencent.check(body).filter((f) => f.message.includes("gateway"))).toEqual([]);
  });
  it("validate follows the manifest's provider, REELFORM_PROVIDER and --provider (plan)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reelform-provider-findings-"));
    const manifest = (provider: string) =>
      `version: 1\ncampaign: c\n${provider}videos:\n  - name: a\n    model_name: Kling\n    model_version: "2.6"\n    prompt: p\n    input_region: Oversea\n`;
    await writeFile(join(dir, "g.yaml"), manifest(""));
    await writeFile(join(dir, "t.yaml"), manifest("provider: tencent\n"));
    const viaGateway = await runCli(["validate", "g.yaml"], { cwd: dir });
    expect(viaGateway.stdout + viaGateway.stderr).toMatch(/not listed by the gateway's Create Task page/);
    expect(viaGateway.stdout + viaGateway.stderr).toMatch(/`input_region` is not on the gateway's Create Task page/);
    for (const run of [
      await runCli(["validate", "t.yaml"], { cwd: dir }),
      await runCli(["validate", "g.yaml"], { cwd: dir, env: { REELFORM_PROVIDER: "tencent" } }),
    ]) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout + run.stderr).not.toMatch(/gateway/);
    }
    const plan = await runCli(["plan", "g.yaml", "--provider", "tencent"], { cwd: dir });
    expect(plan.stdout + plan.stderr).not.toMatch(/Create Task page/);
  });
});
