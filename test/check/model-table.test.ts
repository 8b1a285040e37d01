// Table-driven: every model version in data/models.json gets a valid request and a request per value of each
// rule, checked against an oracle that reads the table directly (error when every source forbids, warning when
// only some do).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { RequestChecker } from "../../src/check/check-request.js";
import type { DurationRule, SourceRules } from "../../src/check/model-table.js";
import { builtinModels } from "../../src/check/models-file.js";
import { ruleCases, tableVersions, validBody, type RuleCase } from "./table-cases.js";
import type { VersionView } from "../../src/check/model-view.js";
import type { JsonObject } from "../../src/util/canonical-json.js";

const table = await builtinModels();
const checker = new RequestChecker(table);
const versions = tableVersions(table);

describe("the model table's provenance", () => {
  it("records the SDK it was read from, its version and dates", () => {
    expect(table.provenance?.tencent).toMatchObject({
      package: "tencentcloud-sdk-nodejs",
      version: "4.1.313",
      file: "tencentcloud/services/vod/v20180717/vod_models.d.ts",
    });
    expect(table.provenance?.tencent?.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.provenance?.tencent?.read_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("lists exactly the models and versions of the installed SDK's vod_models.d.ts (npm run refresh-models)", async () => {
    const { readSdkFacts, compareVersions, tableVersions: listed } = await import("../../scripts/sdk-model-text.mjs");
    const require = createRequire(import.meta.url);
    const pkg = require.resolve("tencentcloud-sdk-nodejs/package.json");
    const text = await readFile(
      pkg.replace(/package\.json$/, "tencentcloud/services/vod/v20180717/vod_models.d.ts"),
      "utf8",
    );
    const facts = readSdkFacts(text);
    expect(compareVersions(facts.versions, listed(table))).toEqual([]);
    expect(facts.fileTypes).toEqual(["File", "Url", "Base64"]);
    // A version the SDK adds is reported for review.
    const newer = readSdkFacts(text.replace("GV，可选值为 3.1、", "GV，可选值为 4.0、3.1、"));
    expect(compareVersions(newer.versions, listed(table))).toEqual([
      { model: "GV", change: "new versions", versions: ["4.0"] },
    ]);
  });
});

/** Oracle: does one source allow the value the case changes? */
function sourceAllows(rules: SourceRules, c: RuleCase): boolean {
  const output = (c.body.output_config ?? {}) as JsonObject;
  switch (c.rule) {
    case "resolutions":
      return !rules.resolutions || rules.resolutions.includes(String(output.resolution));
    case "aspect_ratios":
      return !rules.aspect_ratios || rules.aspect_ratios.includes(String(output.aspect_ratio));
    case "scene_types":
      return !rules.scene_types || rules.scene_types.includes(String(c.body.scene_type));
    case "durations":
      return durationOk(rules.durations, Number(output.duration));
    case "audio":
      return rules.audio !== false;
    default:
      return true;
  }
}

function durationOk(d: DurationRule | undefined, v: number): boolean {
  if (!d) return true;
  if (d.values) return d.values.includes(v);
  return v >= (d.min ?? 0) && v <= (d.max ?? Infinity) && (!d.whole_seconds || Number.isInteger(v));
}

const PATHS: Record<string, string> = {
  resolutions: "output_config.resolution",
  aspect_ratios: "output_config.aspect_ratio",
  scene_types: "scene_type",
  durations: "output_config.duration",
  audio: "output_config.audio_generation",
};

describe.each(versions.map((v) => [`${v.model} ${v.version}`, v] as [string, VersionView]))("%s", (_name, version) => {
  it("a request inside every source's rules has no error", () => {
    const findings = checker.check(validBody(version));
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(findings.every((f) => f.path === "model_version")).toBe(true);
  });

  const cases = ruleCases(version).filter((c) => c.rule in PATHS);
  it.each(cases.map((c) => [c.name, c] as [string, RuleCase]))("%s", (_case, c) => {
    const allowing = Object.entries(version.rules)
      .filter(([, rules]) => sourceAllows(rules, c))
      .map(([s]) => s);
    const found = checker.check(c.body).filter((f) => f.path === PATHS[c.rule]);
    const expected =
      allowing.length === Object.keys(version.rules).length ? undefined : allowing.length === 0 ? "error" : "warning";
    expect(found.map((f) => f.severity)).toEqual(expected ? [expected] : []);
    if (expected)
      expect(found[0]?.forbiddenBy?.sort()).toEqual(
        Object.keys(version.rules)
          .filter((s) => !allowing.includes(s))
          .sort(),
      );
  });
});
