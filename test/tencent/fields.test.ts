// The snake_case -> PascalCase tables against the official SDK's own types (vod_models.d.ts, read here as
// text): every field of schemas/request.schema.json has a Tencent name, and every name is one the SDK
// declares, irregular ones (EnableBGM) included.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { toTencentRequest } from "../../src/provider/tencent/body.js";
import {
  FILE_INFO_FIELDS,
  OUTPUT_CONFIG_FIELDS,
  REQUEST_FIELDS,
  SUBJECT_INFO_FIELDS,
} from "../../src/provider/tencent/fields.js";
import { snakeCreateBody } from "../../src/simulator/routes/tencent-body.js";

const require = createRequire(import.meta.url);
const models = readFileSync(
  require
    .resolve("tencentcloud-sdk-nodejs/tencentcloud/services/vod/v20180717/vod_models.js")
    .replace(/\.js$/, ".d.ts"),
  "utf8",
);
const schema = JSON.parse(readFileSync(new URL("../../schemas/request.schema.json", import.meta.url), "utf8"));

/** The field names an interface of vod_models.d.ts declares. */
function sdkFields(name: string): string[] {
  const start = models.indexOf(`export interface ${name} {`);
  expect(start, name).toBeGreaterThan(-1);
  const block = models.slice(start, models.indexOf("\n}", start));
  return [...block.matchAll(/^\s{4}(\w+)\??:/gm)].map((m) => m[1] as string);
}

const tables = [
  { table: REQUEST_FIELDS, sdk: "CreateAigcVideoTaskRequest", properties: schema.properties },
  {
    table: FILE_INFO_FIELDS,
    sdk: "AigcVideoTaskInputFileInfo",
    properties: schema.properties.file_infos.items.properties,
  },
  { table: OUTPUT_CONFIG_FIELDS, sdk: "AigcVideoOutputConfig", properties: schema.properties.output_config.properties },
  {
    table: SUBJECT_INFO_FIELDS,
    sdk: "AigcVideoTaskInputSubjectInfo",
    properties: schema.properties.subject_infos.items.properties ?? {},
  },
];

describe.each(tables)("$sdk", ({ table, sdk, properties }) => {
  it("names every field of the request schema", () => {
    for (const field of Object.keys(properties)) expect(table[field], field).toBeDefined();
  });

  it("uses only names the SDK declares", () => {
    const declared = sdkFields(sdk);
    for (const [snake, pascal] of Object.entries(table)) expect(declared, `${snake} -> ${pascal}`).toContain(pascal);
  });

  it("covers every field the SDK declares (but SubAppId, added from the settings)", () => {
    const named = new Set<string>(Object.values(table));
    expect(sdkFields(sdk).filter((f) => !named.has(f) && f !== "SubAppId")).toEqual([]);
  });
});

describe("toTencentRequest", () => {
  const body = {
    model_name: "Kling",
    model_version: "2.1",
    prompt: "p",
    negative_prompt: "n",
    enhance_prompt: "Enabled",
    file_infos: [
      {
        type: "Url",
        category: "Image",
        url: "https://x/a.png",
        usage: "FirstFrame",
        reference_type: "x",
        object_id: "o",
        text: "t",
        file_id: "f",
      },
    ],
    last_frame_url: "https://x/b.png",
    output_config: {
      storage_mode: "Permanent",
      media_name: "m",
      resolution: "1080P",
      aspect_ratio: "16:9",
      duration: 5,
      audio_generation: "Enabled",
      person_generation: "AllowAdult",
      input_compliance_check: "Enabled",
      output_compliance_check: "Disabled",
      enhance_switch: "Enabled",
      enable_bgm: "Enabled",
    },
    subject_infos: [{ id: "k1", name: "n", voice_id: "v", image_urls: ["https://x/c.png"], video_urls: [] }],
    scene_type: "lip_sync",
    session_id: "s",
    session_context: "c",
    tasks_priority: 3,
    ext_info: { storyboard: [1, 2] },
  };

  it("renames every field, keeps the values, sends ExtInfo as a string and adds SubAppId", () => {
    expect(toTencentRequest(body, 1500000001)).toEqual({
      ok: true,
      request: {
        ModelName: "Kling",
        ModelVersion: "2.1",
        Prompt: "p",
        NegativePrompt: "n",
        EnhancePrompt: "Enabled",
        FileInfos: [
          {
            Type: "Url",
            Category: "Image",
            Url: "https://x/a.png",
            Usage: "FirstFrame",
            ReferenceType: "x",
            ObjectId: "o",
            Text: "t",
            FileId: "f",
          },
        ],
        LastFrameUrl: "https://x/b.png",
        OutputConfig: {
          StorageMode: "Permanent",
          MediaName: "m",
          Resolution: "1080P",
          AspectRatio: "16:9",
          Duration: 5,
          AudioGeneration: "Enabled",
          PersonGeneration: "AllowAdult",
          InputComplianceCheck: "Enabled",
          OutputComplianceCheck: "Disabled",
          EnhanceSwitch: "Enabled",
          EnableBGM: "Enabled",
        },
        SubjectInfos: [{ Id: "k1", Name: "n", VoiceId: "v", ImageUrls: ["https://x/c.png"], VideoUrls: [] }],
        SceneType: "lip_sync",
        SessionId: "s",
        SessionContext: "c",
        TasksPriority: 3,
        ExtInfo: '{"storyboard":[1,2]}',
        SubAppId: 1500000001,
      },
    });
  });

  it("passes a string ExtInfo untouched and sends no SubAppId when none is set", () => {
    const converted = toTencentRequest({ model_name: "Kling", ext_info: '{"a":1}' }, undefined);
    expect(converted).toEqual({ ok: true, request: { ModelName: "Kling", ExtInfo: '{"a":1}' } });
  });

  it("names the first field that has no Tencent name", () => {
    expect(toTencentRequest({ model_name: "Kling", file_infos: [{ type: "Url", ur1: "x" }] }, undefined)).toEqual({
      ok: false,
      field: "file_infos[0].ur1",
    });
  });

  it("is read back exactly by the simulator's Tencent route (ExtInfo stays a string)", () => {
    const converted = toTencentRequest(body, 1500000001);
    if (!converted.ok) throw new Error("not converted");
    expect(snakeCreateBody(converted.request as unknown as Record<string, unknown>)).toEqual({
      ok: true,
      body: { ...body, ext_info: '{"storyboard":[1,2]}' },
    });
  });
});
