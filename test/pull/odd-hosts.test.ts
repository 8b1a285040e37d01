import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FetchLike } from "../../src/api/http.js";
import { downloadOutput } from "../../src/pull/download.js";
import type { DownloadTarget } from "../../src/pull/targets.js";
import { fakeClock } from "../status/helpers/fakes.js";

const HOST = "https://cdn.example.com";
const content = Buffer.from("abcdefghij".repeat(100));

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function target(partBytes?: Buffer, storage_mode = "Temporary"): DownloadTarget {
  const dir = mkdtempSync(join(tmpdir(), "reelform-odd-"));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "k.mp4");
  if (partBytes) writeFileSync(`${path}.part`, partBytes);
  return { key: "k", index: 0, path, output: { url: `${HOST}/v/k.mp4`, storage_mode } };
}

const deps = () => ({ fetch: globalThis.fetch as FetchLike, clock: fakeClock() });

describe("file hosts that answer oddly", () => {
  it("416 for a .part that does not match starts over from zero", async () => {
    const t = target(Buffer.from("WRONG-WRONG-WRONG"));
    nock(HOST).get("/v/k.mp4").matchHeader("range", "bytes=17-").reply(416, "", { "content-range": "bytes */5" });
    nock(HOST)
      .get("/v/k.mp4")
      .reply(200, content, { "content-length": String(content.length) });
    const result = await downloadOutput(t, deps());
    expect(result).toMatchObject({ ok: true, size: content.length });
    expect(readFileSync(t.path).equals(content)).toBe(true);
  });

  it("a host that ignores Range (200) gets the whole file written from the start", async () => {
    const t = target(content.subarray(0, 300));
    nock(HOST).get("/v/k.mp4").matchHeader("range", "bytes=300-").reply(200, content);
    const result = await downloadOutput(t, deps());
    expect(result).toMatchObject({ ok: true, size: content.length });
    expect(readFileSync(t.path).equals(content)).toBe(true);
  });

  it("403 on a Temporary URL is reported as expired", async () => {
    nock(HOST).get("/v/k.mp4").reply(403, "<Error>AccessDenied</Error>");
    expect(await downloadOutput(target(), deps())).toMatchObject({ ok: false, kind: "expired" });
  });

  it("404 on a Permanent file is not called expired", async () => {
    nock(HOST).get("/v/k.mp4").reply(404, "");
    expect(await downloadOutput(target(undefined, "Permanent"), deps())).toMatchObject({ ok: false, kind: "gone" });
  });

  it("a 5xx is retried, then succeeds", async () => {
    nock(HOST).get("/v/k.mp4").reply(503, "busy");
    nock(HOST).get("/v/k.mp4").reply(200, content);
    expect(await downloadOutput(target(), deps())).toMatchObject({ ok: true, size: content.length });
  });

  it("a network failure on every attempt fails this file with the reason", async () => {
    nock(HOST).get("/v/k.mp4").times(4).replyWithError({ code: "ECONNREFUSED", message: "refused" });
    expect(await downloadOutput(target(), deps())).toMatchObject({ ok: false, kind: "network" });
  });
});

describe("URLs that are not for downloading", () => {
  it("refuses anything but http(s) without touching the file system", async () => {
    const t = { ...target(), output: { url: "file:///etc/passwd" } };
    expect(await downloadOutput(t, deps())).toMatchObject({
      ok: false,
      kind: "http",
      message: "not an http(s) URL: file:///etc/passwd",
    });
  });
});
