// The checker remembers the model-rule findings of the last body while the next one holds the same rule
// inputs (bodies of one video share frozen output_config and file_infos). It must never hand one request's
// findings to another: each body in a sequence that changes one rule input at a time gets exactly what a
// fresh checker gives it. fast-check prints its seed and path on failure; the seed is the suite's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RequestChecker } from "../../src/check/check-request.js";
import { builtinModels } from "../../src/check/models-file.js";
import type { JsonObject, JsonValue } from "../../src/util/canonical-json.js";
import { testSeed } from "../helpers/seed.js";

const table = await builtinModels();

/** Values each rule input takes: allowed ones, refused ones, and ones of the wrong type. */
const FIELDS: Record<string, readonly JsonValue[]> = {
  model_name: ["Kling", "Hailuo", "Vidu", "Nope", 3],
  model_version: ["2.1", "2.0", "q2", "9.9"],
  scene_type: ["motion_control", "template_effect", 7],
  last_frame_url: ["https://x.example/last.png", 1],
  last_frame_file_id: ["file-1"],
};
const OUTPUT: Record<string, readonly JsonValue[]> = {
  resolution: ["1080P", "720P", "768P", "4K"],
  aspect_ratio: ["16:9", "9:16", "1:1", "3:7"],
  duration: [5, 10, 6, 7.5],
  audio_generation: ["Enabled", "Disabled"],
};
const FILES: readonly JsonValue[][] = [
  [],
  [{ type: "Url", category: "Image", url: "https://x.example/a.png" }],
  [{ type: "Url", usage: "LastFrame", url: "https://x.example/b.png" }],
  [
    { type: "Url", category: "Image", url: "https://x.example/a.png" },
    { type: "Url", category: "Video", url: "https://x.example/c.mp4" },
  ],
];

type Change =
  | { at: "body"; field: string; value: JsonValue | undefined }
  | { at: "output"; field: string; value: JsonValue | undefined }
  | { at: "files"; value: JsonValue[] | undefined };

const valueOf = (values: readonly JsonValue[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
const change: fc.Arbitrary<Change> = fc.oneof(
  fc
    .constantFrom(...Object.keys(FIELDS))
    .chain((field) => valueOf(FIELDS[field] ?? []).map((value): Change => ({ at: "body", field, value }))),
  fc
    .constantFrom(...Object.keys(OUTPUT))
    .chain((field) => valueOf(OUTPUT[field] ?? []).map((value): Change => ({ at: "output", field, value }))),
  fc.option(fc.constantFrom(...FILES), { nil: undefined }).map((value): Change => ({ at: "files", value })),
);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function withChange(body: JsonObject, c: Change, freeze: boolean): JsonObject {
  const next: JsonObject = { ...body };
  const set = (target: JsonObject, field: string, value: JsonValue | undefined) => {
    if (value === undefined) delete target[field];
    else target[field] = value;
  };
  if (c.at === "body") set(next, c.field, c.value);
  if (c.at === "output") {
    const output: JsonObject = { ...(body.output_config as JsonObject) };
    set(output, c.field, c.value);
    next.output_config = freeze ? deepFreeze(output) : output;
  }
  if (c.at === "files") {
    const files = c.value === undefined ? undefined : structuredClone(c.value);
    set(next, "file_infos", freeze && files ? deepFreeze(files) : files);
  }
  return next;
}

const fresh = (body: JsonObject, provider: "gateway" | "tencent") =>
  new RequestChecker(table, provider).check(structuredClone(body));

describe("the remembered model-rule findings", () => {
  it("are exactly a fresh checker's, for bodies that differ from the one before in one rule input", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(change, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 30 }),
        fc.constantFrom("gateway" as const, "tencent" as const),
        (changes, provider) => {
          const checker = new RequestChecker(table, provider);
          let body: JsonObject = {
            model_name: "Kling",
            model_version: "2.1",
            prompt: "a car",
            output_config: deepFreeze({ resolution: "1080P", aspect_ratio: "16:9", duration: 5 }),
          };
          for (const [c, freeze, repeat] of changes) {
            body = withChange(body, c, freeze);
            expect(checker.check(body)).toEqual(fresh(body, provider));
            // The same body again (the case the memo is for), and a copy sharing its mappings.
            if (repeat) expect(checker.check({ ...body })).toEqual(fresh(body, provider));
          }
        },
      ),
      { seed: testSeed(), numRuns: 300 },
    );
  });

  it("are not reused for a mapping changed in place since (only frozen mappings are compared by identity)", () => {
    const checker = new RequestChecker(table);
    const output: JsonObject = { resolution: "1080P", aspect_ratio: "16:9", duration: 5 };
    const body: JsonObject = { model_name: "Kling", model_version: "2.1", prompt: "a car", output_config: output };
    expect(checker.check(body)).toEqual([]);
    output.resolution = "4K";
    expect(checker.check(body)).toEqual(fresh(body, "gateway"));
    expect(checker.check(body).map((f) => f.path)).toContain("output_config.resolution");
    const files: JsonObject[] = [{ type: "Url", category: "Image", url: "https://x.example/a.png" }];
    const withFiles: JsonObject = { ...body, output_config: deepFreeze({ ...output, resolution: "1080P" }) };
    withFiles.file_infos = Object.freeze(files) as JsonValue[];
    expect(checker.check(withFiles)).toEqual(fresh(withFiles, "gateway"));
    (files[0] as JsonObject).usage = "LastFrame"; // the array is frozen, its entry is not: no identity shortcut
    expect(checker.check(withFiles)).toEqual(fresh(withFiles, "gateway"));
  });
});
