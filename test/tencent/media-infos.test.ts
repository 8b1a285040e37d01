// DescribeMediaInfos through the SDK (nock below its signing): FileIds 20 a request with the filters the
// record needs; a file the API does not know, a failed request, or media without a URL leaves its task to
// DescribeTaskDetail; errors are redacted like every other Tencent answer.
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ListingMemory } from "../../src/pipeline/listings.js";
import { lookAt } from "../../src/pipeline/round.js";
import type { TencentConfig } from "../../src/provider/tencent/config.js";
import { tencentProvider } from "../../src/provider/tencent/provider.js";
import type { ListedTask } from "../../src/provider/types.js";
import { finished } from "../status/helpers/fakes.js";
import { lockfileOf, roundDeps, tracked } from "../pipeline/round-helpers.js";

const ENDPOINT = "https://vod.tencentcloudapi.com";
const SECRET_KEY = "mediaTestSecretKey-DO-NOT-PRINT";
const config: TencentConfig = {
  secretId: "AKIDmediaTestSecretId",
  secretKey: SECRET_KEY,
  region: "ap-guangzhou",
  protocol: "https:",
  host: "vod.tencentcloudapi.com",
  subAppId: 1500000001,
  timeoutMs: 1_000,
};
const provider = tencentProvider(config);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const listed = (n: number): ListedTask => ({
  taskId: `task-${n}`,
  status: "FINISH",
  createTime: "2026-11-24T10:00:00Z",
  beginProcessTime: "2026-11-24T10:00:05Z",
  finishTime: "2026-11-24T10:00:40Z",
  fileId: `5285890${n}`,
});
const media = (fileId: string) => ({
  FileId: fileId,
  BasicInfo: {
    Name: "hero",
    MediaUrl: `https://1500000001.vod-qcloud.com/${fileId}.mp4`,
    Type: "mp4",
    ExpireTime: "9999-12-31T23:59:59Z",
  },
  MetaData: { Duration: 5.04, Width: 1280, Height: 720 },
});

/** Answers DescribeMediaInfos from `answer(body)`, recording each request body. */
function mediaRoute(answer: (body: { FileIds: string[] }) => [number, unknown], times = 1) {
  const bodies: { FileIds: string[]; Filters: string[]; SubAppId: number }[] = [];
  nock(ENDPOINT, { reqheaders: { "x-tc-action": "DescribeMediaInfos" } })
    .post("/", (body: { FileIds: string[]; Filters: string[]; SubAppId: number }) => (bodies.push(body), true))
    .times(times)
    .reply((_uri, body) => answer(body as { FileIds: string[] }) as [number, nock.Body]);
  return bodies;
}

const found = (body: { FileIds: string[] }): [number, unknown] => [
  200,
  { Response: { MediaInfoSet: body.FileIds.map(media), NotExistFileIdSet: [], RequestId: "req-m" } },
];

describe("DescribeMediaInfos (tencent settleFromMedia)", () => {
  it("asks 20 FileIds a request, each after the rate hook, and builds the record DescribeTaskDetail would give", async () => {
    const bodies = mediaRoute(found, 3);
    let hooks = 0;
    const tasks = Array.from({ length: 45 }, (_, n) => listed(n));
    const settled = await provider.settleFromMedia?.(tasks, undefined, async () => void (hooks += 1));
    expect(bodies.map((b) => b.FileIds.length)).toEqual([20, 20, 5]);
    expect(bodies[0]).toMatchObject({ Filters: ["basicInfo", "metaData"], SubAppId: 1500000001 });
    expect(hooks).toBe(3);
    expect(settled?.requests).toBe(3);
    expect(settled?.records.size).toBe(45);
    expect(settled?.records.get("task-7")).toEqual({
      state: "succeeded",
      api_status: "FINISH",
      progress: 100,
      create_time: "2026-11-24T10:00:00Z",
      begin_process_time: "2026-11-24T10:00:05Z",
      finish_time: "2026-11-24T10:00:40Z",
      output_seconds: 5.04,
      outputs: [
        {
          url: "https://1500000001.vod-qcloud.com/52858907.mp4",
          storage_mode: "Permanent",
          file_id: "52858907",
          file_type: "mp4",
          media_name: "hero",
          width: 1280,
          height: 720,
          duration: 5.04,
        },
      ],
    });
  });

  it("redacts the secret from a failed request's error, and settles nothing of that request", async () => {
    mediaRoute(() => [
      200,
      {
        Response: {
          Error: { Code: "InternalError", Message: `signing with ${SECRET_KEY} went wrong` },
          RequestId: "req-e",
        },
      },
    ]);
    const settled = await provider.settleFromMedia?.([listed(1)]);
    expect(settled?.records.size).toBe(0);
    expect(settled?.errors).toMatchObject([{ code: "InternalError", request_id: "req-e" }]);
    expect(JSON.stringify(settled)).not.toContain(SECRET_KEY);
  });
});

describe("a look settles Permanent outputs from media, and falls back to DescribeTaskDetail", () => {
  /** Three tasks listed FINISH with a FileId: the lister answers through nock too. */
  function listing() {
    nock(ENDPOINT, { reqheaders: { "x-tc-action": "DescribeTasks" } })
      .post("/")
      .reply(200, {
        Response: {
          TaskSet: [0, 1, 2].map((n) => ({
            TaskId: `id-k${n}`,
            Status: "FINISH",
            CreateTime: "2026-11-24T09:59:00Z",
            FinishTime: "2026-11-24T10:00:40Z",
            FileId: `f${n}`,
          })),
          ScrollToken: "",
          RequestId: "req-l",
        },
      });
  }

  function details() {
    const asked: string[] = [];
    nock(ENDPOINT, { reqheaders: { "x-tc-action": "DescribeTaskDetail" } })
      .post("/", (body: { TaskId: string }) => (asked.push(body.TaskId), true))
      .times(3)
      .reply(200, finished("https://1500000001.vod-qcloud.com/detail.mp4"));
    return asked;
  }

  async function look() {
    const tasks = [0, 1, 2].map((n) => tracked(`k${n}`));
    const deps = roundDeps(
      {
        list: provider.listTasks?.bind(provider),
        media: provider.settleFromMedia?.bind(provider),
        query: (id) => provider.query(id),
      },
      { listings: new ListingMemory() },
    );
    return { round: await lookAt(lockfileOf(tasks, true), tasks, tasks, deps), deps };
  }

  it("a FileId in NotExistFileIdSet gets its detail query; the others none", async () => {
    listing();
    mediaRoute((body) => [
      200,
      {
        Response: {
          MediaInfoSet: body.FileIds.filter((id) => id !== "f1").map(media),
          NotExistFileIdSet: ["f1"],
          RequestId: "req-m",
        },
      },
    ]);
    const asked = details();
    const { round } = await look();
    expect(asked).toEqual(["id-k1"]);
    expect(round.answers.get("k0")?.outcome).toMatchObject({
      kind: "ok",
      task: { state: "succeeded", outputs: [{ file_id: "f0", storage_mode: "Permanent" }] },
    });
    expect(round.answers.get("k1")?.outcome).toMatchObject({
      kind: "ok",
      task: { state: "succeeded", outputs: [{ url: "https://1500000001.vod-qcloud.com/detail.mp4" }] },
    });
    expect(round).toMatchObject({ listPages: 1, mediaRequests: 1 });
  });

  it("a failed media request (HTTP 500) sends every one of its tasks to DescribeTaskDetail", async () => {
    listing();
    mediaRoute(() => [500, "busy"]);
    const asked = details();
    const { round } = await look();
    expect(asked.sort()).toEqual(["id-k0", "id-k1", "id-k2"]);
    expect([...round.answers.values()].every((a) => a.outcome.kind === "ok")).toBe(true);
  });

  it("media without a MediaUrl is no answer: detail query", async () => {
    listing();
    mediaRoute((body) => [
      200,
      {
        Response: {
          MediaInfoSet: body.FileIds.map((id) => ({ FileId: id, BasicInfo: { Name: "x" } })),
          NotExistFileIdSet: [],
          RequestId: "req-m",
        },
      },
    ]);
    const asked = details();
    await look();
    expect(asked.sort()).toEqual(["id-k0", "id-k1", "id-k2"]);
  });
});
