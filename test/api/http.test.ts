import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendJson } from "../../src/api/http.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that takes requests and never answers. */
async function silentServer(): Promise<string> {
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const config = (baseUrl: string, timeoutMs = 10_000) => ({
  baseUrl,
  apiKey: "sk-http-test",
  timeoutMs,
  userAgent: "reelform-test",
});

describe("sendJson: timeout and abort", () => {
  it("gives up after the timeout, as a timeout", async () => {
    const result = await sendJson(config(await silentServer(), 100), "GET", "/x", undefined);
    expect(result).toEqual({ ok: false, reason: "timeout", message: "GET /x: no answer within 100 ms" });
  });

  it("aborts every request in flight when the caller's signal aborts, with one listener on that signal", async () => {
    const base = await silentServer();
    const stop = new AbortController();
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const pending = Array.from({ length: 100 }, () =>
        sendJson(config(base), "POST", "/y", { a: 1 }, { signal: stop.signal }),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      stop.abort();
      const results = await Promise.all(pending);
      expect(results.every((r) => !r.ok && r.reason === "aborted")).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain("MaxListenersExceededWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("does not send at all under a signal that is already aborted", async () => {
    const base = await silentServer();
    let received = 0;
    server!.on("request", () => (received += 1));
    const result = await sendJson(config(base), "GET", "/z", undefined, { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ ok: false, reason: "aborted" });
    expect(received).toBe(0);
  });
});

describe("sendJson: a key that cannot be a header value", () => {
  it("sends nothing, says so without echoing the key, and create does not count it as maybe created", async () => {
    const { classifyCreateResponse } = await import("../../src/api/create.js");
    let requests = 0;
    server = createServer((_req, res) => {
      requests += 1;
      res.end("{}");
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await sendJson({ ...config(base), apiKey: "sk-top\nsecret" }, "POST", "/tencent-vod/v1/aigc-video", {
      a: 1,
    });
    expect(result).toEqual({
      ok: false,
      reason: "not_sent",
      message: "POST /tencent-vod/v1/aigc-video: the API key cannot be sent in an HTTP header (not sent)",
    });
    expect(requests).toBe(0);
    expect(classifyCreateResponse(result, 0)).toMatchObject({
      kind: "retryable",
      maybeCreated: false,
      error: { code: "NotSent" },
    });
  });
});
