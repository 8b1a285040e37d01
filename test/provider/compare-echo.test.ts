import { describe, expect, it } from "vitest";
import { echoDifferences } from "../../src/provider/compare-echo.js";

const request = {
  model_name: "Kling",
  model_version: "2.1",
  prompt: "a red kettle",
  output_config: { resolution: "720P", duration: 5, enable_bgm: "Enabled" },
};
const echo = {
  ModelName: "Kling",
  ModelVersion: "2.1",
  Prompt: "a red kettle",
  OutputConfig: { Resolution: "720P", Duration: 5, EnableBGM: "Enabled", AspectRatio: "16:9" },
};

describe("import: the task's echoed request against the key's", () => {
  it("matches field by field through Tencent's names; a setting only the task has is not a difference", () => {
    expect(echoDifferences(request, echo)).toEqual([]);
    expect(echoDifferences(request, { ...echo, OutputConfig: { ...echo.OutputConfig, Duration: "5" } })).toEqual([]);
  });

  it("names each field that differs, with both values", () => {
    const other = {
      ...echo,
      ModelVersion: "2.5",
      Prompt: "a blue mug",
      NegativePrompt: "blur",
      OutputConfig: { Resolution: "1080P", Duration: 5 },
    };
    expect(echoDifferences(request, other)).toEqual([
      'model_version: "2.1" in the manifest, "2.5" in the task',
      'prompt: "a red kettle" in the manifest, "a blue mug" in the task',
      'negative_prompt: (none) in the manifest, "blur" in the task',
      'output_config.enable_bgm: "Enabled" in the manifest, (none) in the task',
      'output_config.resolution: "720P" in the manifest, "1080P" in the task',
    ]);
  });

  it("cannot compare without an echo", () => {
    expect(echoDifferences(request, undefined)).toEqual([
      "the task's details do not echo its request (no Input): cannot compare",
    ]);
  });
});
