import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { providerRegistry } from "../../src/provider/registry.js";
import { systemClock } from "../../src/sched/clock.js";
import { followTasks } from "../../src/commands/follow.js";
import { fileState } from "../../src/apply/file-state.js";
import { captureContext } from "./helpers/context.js";
import { detail, entry, fakeClock, finished, lockfileWith, memoryStore } from "./helpers/fakes.js";

const API = "https://gateway.example.com";
beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const follow = (
  store: ReturnType<typeof memoryStore>,
  options: { wait?: boolean; json?: boolean; timeoutMs?: number } = {},
) => {
  const { ctx, out } = captureContext();
  const run = followTasks(ctx, fileState("/tmp/launch.lock.json", systemClock), {
    manifest: "launch.yaml",
    wait: false,
    store,
    clock: fakeClock(),
    providers: providerRegistry(ctx.env, systemClock),
    ...options,
  });
  return { run, out };
};

describe("reelform status (one pass)", () => {
  it("prints a table and exits 0 even while tasks are still running", async () => {
    nock(API)
      .get("/tencent-vod/v1/query/t-a")
      .reply(200, detail("PROCESSING", { Progress: 40 }));
    nock(API).get("/tencent-vod/v1/query/t-b").reply(200, finished("https://files.example.com/b.mp4"));
    const store = memoryStore(lockfileWith({ a: entry("t-a"), b: entry("t-b"), c: entry(undefined) }));
    const { run, out } = follow(store);
    expect((await run).exitCode).toBe(0);
    expect(out.stdout).toMatch(/^KEY\s+STATE\s+PROGRESS\s+OUTPUTS \/ ERROR$/m);
    expect(out.stdout).toMatch(/^a\s+processing\s+40%/m);
    expect(out.stdout).toMatch(
      /^b\s+succeeded\s+100%\s+https:\/\/files\.example\.com\/b\.mp4 \(expires 2026-12-01T00:00:00Z\)/m,
    );
    expect(out.stdout).toMatch(/^c\s+in-doubt/m);
    expect(out.stdout).toContain("2 task(s): 1 processing, 1 succeeded");
  });

  it("flags transient failures as worth retrying, with the command to run", async () => {
    nock(API)
      .get(/query/)
      .reply(200, detail("FINISH", { ErrCode: 1, ErrCodeExt: "ResourceInsufficient", Message: "no capacity" }));
    const store = memoryStore(lockfileWith({ a: entry("t-a") }));
    const { run, out } = follow(store);
    await run;
    expect(out.stdout).toContain("ResourceInsufficient: no capacity (worth retrying)");
    expect(out.stdout).toContain("worth retrying: reelform apply launch.yaml --retry-failed");
  });

  it("counts a moderation failure apart, with advice that does not promise --retry-failed resends it", async () => {
    nock(API)
      .get("/tencent-vod/v1/query/t-a")
      .reply(200, detail("FINISH", { ErrCode: 1, ErrCodeExt: "ResourceInsufficient", Message: "no capacity" }));
    nock(API)
      .get("/tencent-vod/v1/query/t-b")
      .reply(200, detail("FINISH", { ErrCode: 1, ErrCodeExt: "ContentModerationFailed", Message: "no" }));
    const store = memoryStore(lockfileWith({ a: entry("t-a"), b: entry("t-b") }));
    const { run, out } = follow(store);
    await run;
    expect(out.stdout).toContain("1 failure(s) worth retrying: reelform apply launch.yaml --retry-failed");
    expect(out.stdout).toContain("1 failure(s) caused by the request itself, not resent by --retry-failed");
  });

  it("exits 1 when a query failed, naming the task", async () => {
    nock(API)
      .get(/query/)
      .reply(400, { error: { message: "bad id", type: "invalid_request" } });
    const store = memoryStore(lockfileWith({ a: entry("t-a") }));
    const { run, out } = follow(store);
    expect((await run).exitCode).toBe(1);
    expect(out.stdout).toContain("could not query a (t-a): invalid_request: bad id");
  });

  it("--json prints a versioned document", async () => {
    nock(API).get(/query/).reply(200, finished());
    const store = memoryStore(lockfileWith({ a: entry("t-a") }));
    const { run, out } = follow(store, { json: true });
    await run;
    const doc = JSON.parse(out.stdout);
    expect(doc).toMatchObject({
      format_version: 1,
      campaign: "spring",
      end: "single",
      summary: { total: 1, all_succeeded: true },
    });
    expect(doc.entries[0]).toMatchObject({ key: "a", state: "succeeded", worth_retrying: false });
  });

  it("fails clearly when there is no lockfile", async () => {
    const { run } = follow(memoryStore(null));
    await expect(run).rejects.toThrow(/no lockfile at \/tmp\/launch\.lock\.json.*reelform apply launch\.yaml/);
  });
});

describe("reelform status --wait", () => {
  it("follows until all ended, printing the first and last reports (and changes, at most every 10 s) in CI; exit 0 when all succeeded", async () => {
    nock(API).get(/query/).reply(200, detail("WAITING"));
    nock(API)
      .get(/query/)
      .reply(200, detail("PROCESSING", { Progress: 50 }));
    nock(API).get(/query/).reply(200, finished());
    const store = memoryStore(lockfileWith({ a: entry("t-a") }));
    const { run, out } = follow(store, { wait: true });
    const result = await run;
    expect(result).toMatchObject({ exitCode: 0, end: "ended" });
    // Submitted a minute before the run: a scout looked at at once, then after a tenth of its age (6 s); the
    // processing answer then comes within 10 s of the first line, so the next line is the last one.
    expect(out.stderr.trim().split("\n")).toEqual([
      "status: pass 1: 1 waiting (next check in 6s)",
      "status: pass 2: 1 succeeded",
    ]);
    expect(store.writes).toBe(3);
  });

  it("exits 1 when a task failed", async () => {
    nock(API)
      .get(/query/)
      .reply(200, detail("ABORTED", { ErrCodeExt: "ContentModerationFailed" }));
    const { run } = follow(memoryStore(lockfileWith({ a: entry("t-a") })), { wait: true });
    expect((await run).exitCode).toBe(1);
  });

  it("exits 1 at the timeout, saying the tasks are still running", async () => {
    nock(API).get(/query/).times(20).reply(200, detail("PROCESSING"));
    const { run, out } = follow(memoryStore(lockfileWith({ a: entry("t-a") })), { wait: true, timeoutMs: 10_000 });
    expect(await run).toMatchObject({ exitCode: 1, end: "timeout" });
    expect(out.stderr).toContain("gave up waiting after 10 s");
  });
});

describe("reelform status with nothing left to follow", () => {
  it("needs no API key and sends nothing when every task has ended", async () => {
    const { ctx, out } = captureContext({ env: {} });
    const ended = entry("t-a", {
      task: { state: "succeeded", api_status: "FINISH", checked_at: "x", outputs: [{ url: "https://f/a.mp4" }] },
    });
    const result = await followTasks(ctx, fileState("/tmp/launch.lock.json", systemClock), {
      manifest: "launch.yaml",
      wait: true,
      store: memoryStore(lockfileWith({ a: ended })),
      clock: fakeClock(),
      providers: providerRegistry(ctx.env, systemClock),
    });
    expect(result).toMatchObject({ exitCode: 0, end: "ended" });
    expect(out.stdout).toContain("1 task(s): 1 succeeded");
  });

  it("asks for the API key when there is something to query", async () => {
    const { ctx } = captureContext({ env: {} });
    const run = followTasks(ctx, fileState("/tmp/launch.lock.json", systemClock), {
      manifest: "launch.yaml",
      wait: false,
      store: memoryStore(lockfileWith({ a: entry("t-a") })),
      clock: fakeClock(),
      providers: providerRegistry(ctx.env, systemClock),
    });
    await expect(run).rejects.toThrow(/REELFORM_API_KEY is not set/);
  });
});
