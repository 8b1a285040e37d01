import { describe, expect, it } from "vitest";
import { RequestChecker } from "../../src/check/check-request.js";
import { closestMatch } from "../../src/check/did-you-mean.js";
import { mergeTables, type ModelTable } from "../../src/check/model-table.js";
import { builtinModels } from "../../src/check/models-file.js";
import type { JsonObject } from "../../src/util/canonical-json.js";

const table = await builtinModels();
const checker = new RequestChecker(table);
const kling = (extra: JsonObject = {}, output: JsonObject = {}): JsonObject => ({
  model_name: "Kling",
  model_version: "2.1",
  prompt: "a car",
  ...extra,
  output_config: { resolution: "1080P", aspect_ratio: "16:9", duration: 5, ...output },
});
const summary = (body: JsonObject, c = checker) => c.check(body).map((f) => `${f.severity} ${f.path}: ${f.message}`);

describe("request checks: schema", () => {
  it("accepts a plain valid body", () => {
    expect(checker.check(kling())).toEqual([]);
  });

  it("requires model_name and model_version, and a prompt when nothing else carries the intent", () => {
    expect(summary({ output_config: {} })).toEqual([
      'error model_name: the request needs "model_name"',
      'error model_version: the request needs "model_version"',
      "error prompt: the request has no prompt",
    ]);
  });

  it("only warns about a missing prompt when input files carry the intent (sources disagree)", () => {
    const body = kling({
      prompt: "",
      file_infos: [{ type: "Url", category: "Image", url: "https://x.example/a.png" }],
    });
    expect(summary(body)).toEqual([expect.stringMatching(/^warning prompt: no prompt/)]);
  });

  it("checks enums with a suggestion, tasks_priority range, session_context length", () => {
    const found = checker.check(
      kling({ enhance_prompt: "enabled", tasks_priority: 11, session_context: "x".repeat(1001) }),
    );
    expect(found).toEqual([
      expect.objectContaining({ path: "enhance_prompt", severity: "error", suggestion: 'did you mean "Enabled"?' }),
      expect.objectContaining({
        path: "session_context",
        message: "session_context is 1001 characters long (at most 1000)",
      }),
      expect.objectContaining({ path: "tasks_priority", message: expect.stringContaining("must be <= 10") }),
    ]);
    expect(summary(kling({ tasks_priority: 1.5 }))).toEqual([
      "error tasks_priority: tasks_priority must be integer, got 1.5",
    ]);
  });

  it("needs url for Url entries and file_id for File entries, and http(s) URLs", () => {
    const body = kling({
      file_infos: [
        { type: "Url", category: "Image" },
        { type: "File", category: "Image" },
        { type: "Url", url: "ftp://x.example/a.png" },
      ],
    });
    expect(summary(body)).toEqual([
      'error file_infos.0.url: file_infos.0 needs "url"',
      'error file_infos.1.file_id: file_infos.1 needs "file_id"',
      'error file_infos.2.url: file_infos.2.url must be an http(s) URL, got "ftp://x.example/a.png"',
    ]);
  });

  it("hints to quote a version written as a number", () => {
    expect(checker.check({ ...kling(), model_version: 2 })[0]).toMatchObject({
      path: "model_version",
      suggestion: 'quote it: "2"',
    });
  });
});

describe("request checks: models (errors where every source forbids, warnings where they disagree)", () => {
  it("rejects an unknown model; warns about an unknown version of a known model (the API refuses it unbilled), with did-you-mean", () => {
    expect(checker.check(kling({ model_name: "Klingg" }))).toEqual([
      expect.objectContaining({
        severity: "error",
        path: "model_name",
        suggestion: expect.stringContaining('did you mean "Kling"?'),
      }),
    ]);
    expect(checker.check(kling({ model_version: "2.2" }))).toEqual([
      expect.objectContaining({
        severity: "warning",
        path: "model_version",
        message: expect.stringContaining('Kling has no version "2.2"'),
      }),
    ]);
  });

  it("rejects a resolution no source allows, suggesting the right case", () => {
    expect(checker.check(kling({}, { resolution: "1080p" }))).toEqual([
      expect.objectContaining({
        severity: "error",
        path: "output_config.resolution",
        suggestion: 'did you mean "1080P"?',
      }),
    ]);
  });

  it("the gateway page's own example: two warnings (duration 8 and audio on Kling 1.6), no errors", () => {
    const body = kling({ model_version: "1.6" }, { duration: 8, audio_generation: "Enabled" });
    expect(summary(body)).toEqual([
      "warning output_config.duration: Kling 1.6: duration 8 s is not one of 5, 10 according to the gateway's Create Task page; Tencent's API text (SDK 4.1.313) allows it",
      "warning output_config.audio_generation: Kling 1.6: does not generate audio according to the gateway's Create Task page; Tencent's API text (SDK 4.1.313) allows it",
    ]);
  });

  it("rejects what every source forbids: Kling 20 s, Hailuo aspect ratio and audio; 4 Kling images only warn (the gateway page's cap)", () => {
    expect(summary(kling({}, { duration: 20 }))).toEqual([
      expect.stringMatching(/^error output_config.duration: Kling 2.1: duration 20 s is outside 3–15$/),
    ]);
    const hailuo = {
      model_name: "Hailuo",
      model_version: "02",
      prompt: "p",
      output_config: { aspect_ratio: "16:9", audio_generation: "Enabled" },
    };
    expect(summary(hailuo)).toEqual([
      "error output_config.aspect_ratio: Hailuo 02: does not take aspect_ratio",
      "error output_config.audio_generation: Hailuo 02: does not generate audio",
    ]);
    const images = Array.from({ length: 4 }, (_, i) => ({
      type: "Url",
      category: "Image",
      url: `https://x.example/${i}.png`,
    }));
    expect(summary(kling({ file_infos: images }))).toEqual([
      "warning file_infos: Kling 2.1: takes at most 3 images, got 4 according to the gateway's Create Task page; Tencent's API text (SDK 4.1.313) allows it",
    ]);
  });

  it("warns for versions only Tencent lists (Kling 2.6, Hailuo H3, Vidu q3)", () => {
    expect(summary(kling({ model_version: "2.6" }))).toEqual([
      "warning model_version: Kling 2.6 is not listed by the gateway's Create Task page",
    ]);
    expect(
      summary({
        model_name: "Hailuo",
        model_version: "H3",
        prompt: "p",
        output_config: { resolution: "4K", aspect_ratio: "21:9", duration: 12 },
      }),
    ).toEqual(["warning model_version: Hailuo H3 is not listed by the gateway's Create Task page"]);
  });

  it("last frame: Kling 2.1 at 1080P passes, at 720P only Tencent allows it, without a first frame it is an error", () => {
    const first = {
      file_infos: [{ type: "Url", category: "Image", url: "https://x.example/1.png" }],
      last_frame_url: "https://x.example/2.png",
    };
    expect(summary(kling(first))).toEqual([]);
    expect(summary(kling(first, { resolution: "720P" }))).toEqual([
      expect.stringMatching(
        /^warning last_frame_url: Kling 2.1: takes a last frame only at 1080P according to the gateway/,
      ),
    ]);
    expect(summary(kling({ last_frame_url: "https://x.example/2.png" }))).toEqual([
      "error last_frame_url: a last frame needs a first frame in file_infos",
    ]);
  });

  it("scene types: Kling's are fine, others are errors", () => {
    expect(summary(kling({ scene_type: "lip_sync" }))).toEqual([]);
    expect(summary(kling({ scene_type: "lipsync" }))).toEqual([
      expect.stringMatching(/^error scene_type: Kling 2.1: scene_type "lipsync" is not one of/),
    ]);
  });

  it("a --models file adds a version that inherits the model's rules, or allows unknown models", () => {
    const extended = mergeTables(table, { models: { Kling: { versions: { "3.1": { seed: false } } } } }) as ModelTable;
    expect(summary(kling({ model_version: "3.1" }), new RequestChecker(extended))).toEqual([
      "warning model_version: Kling 3.1 is not listed by the gateway's Create Task page",
    ]);
    const open = mergeTables(table, { allow_unknown_models: true }) as ModelTable;
    expect(summary(kling({ model_name: "Sora" }), new RequestChecker(open))).toEqual([]);
    expect(table.models.Kling?.versions?.["3.1"]).toBeUndefined();
  });

  it("a --models file overrides a rule: arrays replaced", () => {
    const custom = mergeTables(table, {
      models: { Kling: { rules: { seed: { durations: { values: [5, 8, 10] } } } } },
    }) as ModelTable;
    expect(summary(kling({ model_version: "1.6" }, { duration: 8 }), new RequestChecker(custom))).toEqual([]);
  });
});

describe("did you mean", () => {
  it("finds close candidates only", () => {
    expect(closestMatch("Hailou", ["Kling", "Hailuo", "Vidu"])).toBe("Hailuo");
    expect(closestMatch("Sora", ["Kling", "Hailuo", "Vidu"])).toBeUndefined();
  });
});

describe("the precompiled request validator", () => {
  it("is up to date with schemas/request.schema.json (regenerate: node scripts/compile-schemas.mjs)", async () => {
    const { readFile } = await import("node:fs/promises");
    const { generateRequestValidatorSource } = await import("../../scripts/validator-source.mjs");
    const schema = JSON.parse(await readFile(new URL("../../schemas/request.schema.json", import.meta.url), "utf8"));
    const generated = await readFile(
      new URL("../../src/check/request-validator.generated.ts", import.meta.url),
      "utf8",
    );
    expect(generateRequestValidatorSource(schema) === generated).toBe(true);
  });
});
