// scripts/refresh-models.mjs against a small fixture text shaped like SDK 4.1.287 and the same text with
// 4.1.313's changes applied (not the 58 MB SDK): it reads the request's own texts (CreateAigcVideoTaskRequest,
// not the DescribeTaskDetail echo), and reports ErrCodeExt values against the classification tables,
// InputRegion values and field restrictions, as well as versions.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TASK_ERROR_CODES } from "../../src/api/task-errors.js";
import { INPUT_REGIONS } from "../../src/check/api-fields.js";
import {
  compareErrCodes,
  compareLists,
  compareRestrictions,
  compareVersions,
  readSdkFacts,
} from "../../scripts/sdk-model-text.mjs";
import { REPO } from "../helpers/exec.js";

const fixture = (name: string) => new URL(`../fixtures/sdk/${name}`, import.meta.url);
const olderText = readFileSync(fixture("vod-old.d.ts"), "utf8");
/** What 4.1.287 -> 4.1.313 changed in these texts: 8 ErrCodeExt values, OverseaUSWest, LogoAdd for every model, a version, the prompt sentence. */
const ADDED_CODES = [
  "InvalidParameter.VoilationContent",
  "InvalidParameterValue",
  "FailedOperation",
  "InvalidParameter.MediaFormat",
  "ResourceInsufficient",
  "ModelGenerateFailed",
  "ResourceNotFound",
  "OperationCanceled",
];
const newerText = olderText
  .replace("<li>TaskTimeout：", `${ADDED_CODES.map((code) => `<li>${code}： 说明。</li>`).join("")}<li>TaskTimeout：`)
  .replace(
    "<li>当输入文件存储在国内时：Mainland。</li>",
    "<li>当输入文件存储在美西时：OverseaUSWest；</li><li>当输入文件存储在国内时：Mainland。</li>",
  )
  .replace("是否开启图标水印，仅 Kling 模型适用。", "是否开启图标水印。")
  .replace("可选值为 02、H3；", "可选值为 02、H3、H3-Max；")
  .replace(
    "<br>当 FileInfos 为空时，此参数必填。</p>\n     */\n    Prompt",
    "<br>当未传入参考文件，没有使用场景类型，ExtInfo不为空，Prompt 为必填。</p>\n     */\n    Prompt",
  );
const older = readSdkFacts(olderText);
const newer = readSdkFacts(newerText);

describe("refresh-models' reading of the SDK text (fixtures)", () => {
  it("reads Prompt and LastFrameUrl from CreateAigcVideoTaskRequest, not from the AigcVideoTaskInput echo", () => {
    expect(newer.promptDoc).toContain("ExtInfo");
    expect(newer.lastFrameDoc).not.toContain("只支持模型 GV");
    expect(older.promptDoc).toContain("当 FileInfos 为空时");
  });

  it("reports the ErrCodeExt values the classification tables lack, and those the SDK no longer lists", () => {
    expect(newer.errCodeExts).toHaveLength(13);
    expect(compareErrCodes(newer.errCodeExts, TASK_ERROR_CODES)).toEqual({ unclassified: [], notInSdk: [] });
    expect(compareErrCodes(older.errCodeExts, TASK_ERROR_CODES).notInSdk.sort()).toEqual([...ADDED_CODES].sort());
    // Tables made from the older text: the 8 values the newer one adds are unclassified.
    const fromOlder = {
      transient: TASK_ERROR_CODES.transient.filter((c) => older.errCodeExts.includes(c)),
      not_transient: TASK_ERROR_CODES.not_transient.filter((c) => older.errCodeExts.includes(c)),
    };
    expect(compareErrCodes(newer.errCodeExts, fromOlder).unclassified.sort()).toEqual([...ADDED_CODES].sort());
  });

  it("reports new InputRegion values (OverseaUSWest)", () => {
    expect(compareLists(newer.inputRegions, INPUT_REGIONS)).toEqual({ added: [], removed: [] });
    expect(compareLists(newer.inputRegions, older.inputRegions)).toEqual({ added: ["OverseaUSWest"], removed: [] });
  });

  it("reports a field restriction lifted (LogoAdd for every model), and a new version", () => {
    expect(older.restrictions["AigcVideoOutputConfig.LogoAdd"]).toEqual(["Kling"]);
    expect(compareRestrictions(newer.restrictions, older.restrictions)).toEqual([
      {
        field: "AigcVideoOutputConfig.LogoAdd",
        change: "now names no model (all models)",
        before: ["Kling"],
        models: [],
      },
    ]);
    expect(compareVersions(newer.versions, older.versions)).toEqual([
      { model: "Hailuo", change: "new versions", versions: ["H3-Max"] },
    ]);
  });
});

function runScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/refresh-models.mjs", ...args], { cwd: REPO });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run refresh-models (built tables, fixture SDK texts)", () => {
  it("the installed SDK matches every table: exit 0", async () => {
    const r = await runScript([]);
    expect(r.stdout).toContain("ErrCodeExt: every value is classified");
    expect(r.stdout).toContain("Field restrictions: the same as data/tencent-field-restrictions.json.");
    expect(r.code, r.stderr).toBe(0);
  });

  it("an older text: exit 2, naming the codes it lacks, OverseaUSWest, and LogoAdd's restriction", async () => {
    const r = await runScript(["--sdk", fixture("vod-old.d.ts").pathname, "--json"]);
    expect(r.code, r.stderr).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.err_code_ext.notInSdk).toContain("OperationCanceled");
    expect(report.input_regions.removed).toEqual(["OverseaUSWest"]);
    expect(report.restrictions).toContainEqual({
      field: "AigcVideoOutputConfig.LogoAdd",
      change: "names other models",
      before: [],
      models: ["Kling"],
    });
    expect(report.facts.promptDoc).toContain("当 FileInfos 为空时");
  });
});
