// The simulator (playing Tencent) and the checker read the same table: for every generated request — one per
// value of each rule, per model version — the simulator refuses exactly when the checker's finding says Tencent
// would (an error or warning Tencent's text states, for a rule upstream refuses). Where upstream takes the
// request and ignores the value (a last frame on a model without one), the checker errors and the simulator
// creates the task, as the real service would bill it.
import { describe, expect, it } from "vitest";
import { RequestChecker } from "../../src/check/check-request.js";
import { builtinModels } from "../../src/check/models-file.js";
import { upstreamRefuses } from "../../src/check/upstream-effect.js";
import type { JsonObject } from "../../src/util/canonical-json.js";
import { ruleCases, tableVersions, validBody } from "../check/table-cases.js";
import { simulator } from "./helpers.js";

/** Tencent's codes for CreateAigcVideoTask (docs/api.md), the duplicate-session code, API 3.0's common ones. */
export const UPSTREAM_CODES = new Set([
  "FailedOperation",
  "FailedOperation.InvalidVodUser",
  "InternalError",
  "InvalidParameter",
  "InvalidParameterValue.FileId",
  "InvalidParameterValue.SessionContextTooLong",
  "InvalidParameterValue.SessionIdTooLong",
  "InvalidParameterValue.SubAppId",
  "LimitExceeded.Quota",
  "UnauthorizedOperation",
  "InvalidParameterValue.SessionId",
  "MissingParameter",
  "UnknownParameter",
]);

const table = await builtinModels();
const checker = new RequestChecker(table);
const versions = tableVersions(table);

describe("simulator and checker agree on every row of the model table", () => {
  it("for every model version: a valid request is created, and each rule's generated requests are refused exactly when Tencent would", async () => {
    const sim = await simulator();
    const disagreements: string[] = [];
    let sent = 0;
    for (const version of versions) {
      for (const c of [
        { name: `${version.model} ${version.version} valid`, rule: "valid", body: validBody(version) },
        ...ruleCases(version),
      ]) {
        const findings = checker.check(c.body);
        const expectRefusal = findings.some(upstreamRefuses);
        const answer = (await sim.api.create(c.body)).json.Response;
        sent++;
        const refused = answer.Error !== undefined;
        if (refused && !UPSTREAM_CODES.has(answer.Error.Code))
          disagreements.push(`${c.name}: code ${answer.Error.Code} is not one Tencent lists`);
        if (refused !== expectRefusal) {
          const said = findings.map((f) => `${f.severity} ${f.message}`).join("; ") || "no findings";
          disagreements.push(
            `${c.name}: simulator ${refused ? `refused (${answer.Error.Message})` : "created a task"}, checker: ${said}`,
          );
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(sent).toBeGreaterThan(versions.length * 10);
  }, 120_000);
});

describe("the issue's simulator gaps", () => {
  const hailuo02 = {
    model_name: "Hailuo",
    model_version: "02",
    prompt: "p",
    output_config: { resolution: "4K", duration: 7 },
  };
  const cases: [string, Record<string, unknown>][] = [
    ["Hailuo 02 at 4K (only H3 has 4K)", { ...hailuo02, output_config: { resolution: "4K", duration: 6 } }],
    ["Hailuo 02 for 7 s (6 or 10)", { ...hailuo02, output_config: { resolution: "768P", duration: 7 } }],
    ["OS at 5 s (4, 8 or 12)", { model_name: "OS", model_version: "2.0", prompt: "p", output_config: { duration: 5 } }],
    [
      "Hailuo H3 for 6.5 s (whole seconds)",
      { model_name: "Hailuo", model_version: "H3", prompt: "p", output_config: { duration: 6.5 } },
    ],
    ["an unknown version", { model_name: "Kling", model_version: "9.9", prompt: "p" }],
  ];
  it.each(cases)(
    "refuses %s with InvalidParameter, and the checker reports an error or a Tencent warning",
    async (_name, body) => {
      const sim = await simulator();
      expect((await sim.api.create(body)).json.Response.Error?.Code).toBe("InvalidParameter");
      expect(checker.check(body as never).some(upstreamRefuses)).toBe(true);
    },
  );

  it("accepts the documented fields and values: seed, off_peak and the other switches, Base64 files, subject_infos, new versions", async () => {
    const sim = await simulator();
    const body = {
      model_name: "Kling",
      model_version: "3.0-turbo",
      prompt: "p",
      seed: 42,
      input_region: "Oversea",
      procedure: "flow",
      last_frame_file_id: "3704",
      subject_infos: [{ id: "subject-1" }],
      file_infos: [
        { type: "Base64", category: "Image", base64: "aGVsbG8=", usage: "FirstFrame" },
        {
          type: "Url",
          category: "Video",
          url: "https://x.example/v.mp4",
          reference_type: "base",
          keep_original_sound: "Enabled",
        },
      ],
      output_config: {
        duration: 5,
        off_peak: "Enabled",
        frame_interpolate: "Disabled",
        logo_add: "Disabled",
        enable_bgm: "Enabled",
        class_id: 3,
        expire_time: "2026-12-31T00:00:00Z",
      },
    };
    const answer = (await sim.api.create(body)).json.Response;
    expect(answer.Error).toBeUndefined();
    expect(answer.TaskId).toBeDefined();
    expect(checker.check(body as unknown as JsonObject).filter((f) => f.severity === "error")).toEqual([]);
  });

  it("refuses a Base64 file with a data: prefix, and Base64 files over 7 MB in all", async () => {
    const sim = await simulator();
    const file = (base64: string) => ({ type: "Base64", category: "Image", base64 });
    const prefixed = {
      model_name: "Kling",
      model_version: "2.1",
      prompt: "p",
      file_infos: [file("data:image/png;base64,aGVsbG8=")],
    };
    const big = "A".repeat(5 * 1024 * 1024); // 3.75 MB each once decoded
    const tooBig = { model_name: "Kling", model_version: "2.1", prompt: "p", file_infos: [file(big), file(big)] };
    for (const body of [prefixed, tooBig]) {
      expect((await sim.api.create(body)).json.Response.Error?.Code).toBe("InvalidParameter");
      expect(checker.check(body).some((f) => f.severity === "error")).toBe(true);
    }
  });
});
