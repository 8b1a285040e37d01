// The requests of one video share their frozen output_config (expand/body.ts): their rule inputs are read
// once, not once per request. An operation count, not a timing: reading them per request made the checks of
// 100,000 requests cost as much as expanding them.
import { describe, expect, it, vi } from "vitest";
import { RequestChecker } from "../../src/check/check-request.js";
import { builtinModels } from "../../src/check/models-file.js";
import { ruleInput } from "../../src/check/rule-input.js";
import type { JsonObject } from "../../src/util/canonical-json.js";

vi.mock("../../src/check/rule-input.js", async (original) => {
  const actual = await original<typeof import("../../src/check/rule-input.js")>();
  return { ...actual, ruleInput: vi.fn(actual.ruleInput) };
});

const table = await builtinModels();

describe("model-rule inputs of one video's requests", () => {
  it("are read once for a run of bodies that share their frozen mappings, and again when one changes", () => {
    const checker = new RequestChecker(table);
    const output = Object.freeze({ resolution: "1080P", aspect_ratio: "16:9", duration: 5 });
    const body = (i: number, config: JsonObject = output): JsonObject => ({
      model_name: "Kling",
      model_version: "2.1",
      prompt: `product ${i}`,
      output_config: config,
    });
    vi.mocked(ruleInput).mockClear();
    for (let i = 0; i < 1000; i++) expect(checker.check(body(i))).toEqual([]);
    expect(vi.mocked(ruleInput)).toHaveBeenCalledTimes(1);
    const other = Object.freeze({ ...output, resolution: "4K" });
    expect(checker.check(body(0, other)).map((f) => f.path)).toContain("output_config.resolution");
    expect(checker.check(body(1, output))).toEqual([]);
    expect(vi.mocked(ruleInput)).toHaveBeenCalledTimes(3);
  });
});
