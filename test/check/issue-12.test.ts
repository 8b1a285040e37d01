// Each case of issue 12 ("Keep up with the real API"), against the checker and the manifest rules.
import { describe, expect, it } from "vitest";
import { RequestChecker } from "../../src/check/check-request.js";
import { builtinModels } from "../../src/check/models-file.js";
import type { JsonObject } from "../../src/util/canonical-json.js";
import { check, withVideos } from "../manifest/helpers.js";

const checker = new RequestChecker(await builtinModels());
const image = (i: number, extra: JsonObject = {}): JsonObject => ({
  type: "Url",
  category: "Image",
  url: `https://cdn.example.com/${i}.png`,
  ...extra,
});
const req = (model: string, version: string, extra: JsonObject = {}): JsonObject => ({
  model_name: model,
  model_version: version,
  prompt: "a paper boat",
  ...extra,
});
const at = (body: JsonObject, path: string) =>
  checker.check(body).filter((f) => f.path === path || f.path.startsWith(`${path}.`));

describe("issue 12: the 13 versions new in SDK 4.1.313 are accepted", () => {
  const added: [string, string][] = [
    ["Kling", "3.0-turbo"],
    ["Kling", "scene"],
    ["Hailuo", "H3-Max"],
    ["Vidu", "q3-mix"],
    ["Vidu", "q3-drama"],
    ["Vidu", "q3-ad"],
    ["Vidu", "scene"],
    ["Vidu", "avatar-q2-pro"],
    ["Vidu", "avatar-q2-turbo"],
    ["Vidu", "lip-sync"],
    ["GV", "3.1-lite"],
    ["GV", "omni"],
    ["Hunyuan", "3d_2.0"],
  ];
  it.each(added)("%s %s has no error", (model, version) => {
    const errors = checker
      .check({ model_name: model, model_version: version, prompt: "a paper boat" })
      .filter((f) => f.severity === "error");
    expect(errors).toEqual([]);
  });
});

describe("issue 12: requests Tencent accepts are no longer refused", () => {
  it("file_infos[].type Base64 (with base64, no data: prefix) is accepted by the request and manifest schemas", () => {
    expect(
      checker.check(req("Kling", "2.1", { file_infos: [{ type: "Base64", category: "Image", base64: "aGVsbG8=" }] })),
    ).toEqual([]);
    const manifest = check(
      withVideos(
        "  - name: a\n    model_name: Kling\n    model_version: '2.1'\n    prompt: p\n    file_infos: [{ type: Base64, category: Image, base64: aGVsbG8= }]\n",
      ),
    );
    expect(manifest.lines).toEqual([]);
  });

  it("4 images on Kling (3.0-Omni included) are a warning from the gateway page only, never attributed to Tencent", () => {
    for (const version of ["2.1", "3.0-Omni"]) {
      const found = at(
        req("Kling", version, { file_infos: [1, 2, 3, 4].map((i) => image(i, { usage: "Reference" })) }),
        "file_infos",
      );
      expect(found).toEqual([expect.objectContaining({ severity: "warning", forbiddenBy: ["seed"] })]);
      expect(found[0]?.message).toMatch(
        /according to the gateway's Create Task page; Tencent's API text \(SDK 4\.1\.313\) allows it$/,
      );
    }
  });

  it("Hailuo H3 takes a last frame (its image-to-video is first and last frame)", () => {
    const body = req("Hailuo", "H3", { file_infos: [image(1)], last_frame_url: "https://cdn.example.com/z.png" });
    expect(checker.check(body).filter((f) => f.severity === "error")).toEqual([]);
    expect(at(body, "last_frame_url")).toEqual([]);
  });
});

describe("issue 12: money that could be wasted is an error", () => {
  it.each(["OS 2.0", "PixVerse v6", "Hunyuan 1.5", "Mingmou 1.0"])(
    "a last frame on %s, as last_frame_url or as file_infos usage LastFrame",
    (name) => {
      const [model = "", version = ""] = name.split(" ");
      const byUrl = at(
        req(model, version, { file_infos: [image(1)], last_frame_url: "https://cdn.example.com/z.png" }),
        "last_frame_url",
      );
      const byUsage = at(
        req(model, version, { file_infos: [image(1), image(2, { usage: "LastFrame" })] }),
        "last_frame_url",
      );
      for (const found of [byUrl, byUsage])
        expect(found).toEqual([
          expect.objectContaining({
            severity: "error",
            message: expect.stringContaining("does not take a last frame"),
          }),
        ]);
    },
  );

  it("a prompt over 1,000 characters (Tencent cuts it and still bills)", () => {
    expect(at(req("Kling", "2.1", { prompt: "x".repeat(1001) }), "prompt")).toEqual([
      expect.objectContaining({
        severity: "error",
        message: expect.stringContaining("1001 characters long; Tencent takes at most 1000"),
      }),
    ]);
    expect(at(req("Kling", "2.1", { prompt: "x".repeat(1000) }), "prompt")).toEqual([]);
  });

  it("a fractional duration where whole seconds are required (Hailuo H3)", () => {
    expect(at(req("Hailuo", "H3", { output_config: { duration: 6.5 } }), "output_config")).toEqual([
      expect.objectContaining({
        severity: "error",
        message: "Hailuo H3: duration 6.5 s is not a whole number of seconds",
      }),
    ]);
    expect(at(req("Hailuo", "H3", { output_config: { duration: 7 } }), "output_config")).toEqual([]);
  });

  it("a Base64 file with a data: prefix, or Base64 files over 7 MB in all", () => {
    expect(
      at(
        req("Kling", "2.1", { file_infos: [{ type: "Base64", base64: "data:image/png;base64,aGVsbG8=" }] }),
        "file_infos",
      ),
    ).toEqual([expect.objectContaining({ severity: "error", path: "file_infos.0.base64" })]);
    const big = { type: "Base64", base64: "A".repeat(5 * 1024 * 1024) };
    expect(at(req("Kling", "2.1", { file_infos: [big, big] }), "file_infos")).toEqual([
      expect.objectContaining({
        severity: "error",
        message: expect.stringContaining("add up to 7.5 MB; Tencent takes at most 7 MB"),
      }),
    ]);
  });

  it("a typo of an API field (negativ_prompt) is an error with the suggestion; a field near none stays a warning", () => {
    const result = check(withVideos("  - name: a\n    prompt: p\n    negativ_prompt: blur\n    vendor_flag: 1\n"));
    expect(result.lines).toEqual([
      'm.yaml:6:5: error: unknown field "negativ_prompt" in videos[0] (did you mean "negative_prompt"?)',
      'm.yaml:7:5: warning: unknown field "vendor_flag" in videos[0] passes through to the API unchanged',
    ]);
  });
});
