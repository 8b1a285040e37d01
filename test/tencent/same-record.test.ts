// Issue 23, item 5: one task read through DescribeTaskDetail or through DescribeTasks + DescribeMediaInfos
// gives the same record: duration from the media's MetaData.Duration on both routes (not Usage.OutputSeconds
// on one), VOD's "never expires" date recorded as no expiry on both, and width/height on both.
import { describe, expect, it } from "vitest";
import { interpretTaskDetail } from "../../src/api/interpret.js";
import { recordFromMedia } from "../../src/provider/tencent/media-record.js";

const NEVER = "9999-12-31T23:59:59Z";
const META = { Container: "mp4", Width: 1920, Height: 1080, Duration: 5.04 };
const times = {
  CreateTime: "2026-11-24T10:00:00Z",
  BeginProcessTime: "2026-11-24T10:00:05Z",
  FinishTime: "2026-11-24T10:00:40Z",
};

const detail = {
  Response: {
    TaskType: "AigcVideoTask",
    Status: "FINISH",
    ...times,
    AigcVideoTask: {
      Status: "FINISH",
      Progress: 100,
      ErrCode: 0,
      ErrCodeExt: "",
      Message: "",
      Output: {
        FileInfos: [
          {
            FileUrl: "https://vod.example/f.mp4",
            ExpireTime: NEVER,
            StorageMode: "Permanent",
            FileType: "mp4",
            MediaName: "hero",
            FileId: "5285",
            MetaData: META,
          },
        ],
        Usage: { OutputSeconds: 5 },
      },
    },
  },
};
const listed = {
  taskId: "t1",
  status: "FINISH",
  createTime: times.CreateTime,
  beginProcessTime: times.BeginProcessTime,
  finishTime: times.FinishTime,
  fileId: "5285",
};
const media = {
  FileId: "5285",
  BasicInfo: { Name: "hero", MediaUrl: "https://vod.example/f.mp4", Type: "mp4", ExpireTime: NEVER },
  MetaData: META,
};

describe("the same task read two ways", () => {
  it("gives the same record, with duration, size and no expiry from the media's metadata", () => {
    const fromDetail = interpretTaskDetail(detail);
    expect(recordFromMedia(listed, media)).toEqual(fromDetail);
    expect(fromDetail).toMatchObject({
      output_seconds: 5.04,
      outputs: [{ width: 1920, height: 1080, duration: 5.04 }],
    });
    expect(fromDetail.outputs[0]).not.toHaveProperty("expires_at");
  });

  it("a detail answer without MetaData falls back to Usage.OutputSeconds; a real expiry is kept", () => {
    const bare = structuredClone(detail);
    const file = bare.Response.AigcVideoTask.Output.FileInfos[0] as Record<string, unknown>;
    delete file.MetaData;
    file.ExpireTime = "2026-12-01T10:00:40Z";
    expect(interpretTaskDetail(bare)).toMatchObject({
      output_seconds: 5,
      outputs: [{ expires_at: "2026-12-01T10:00:40Z" }],
    });
  });
});
