// A wrong REELFORM_BASE_URL or REELFORM_API_KEY is a configuration error that stops the run, never a
// rejection of the request: only the API's own refusals (its three error shapes) are rejections.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CREATE_PATH, createTask } from "../../src/api/create.js";
import { queryTask } from "../../src/api/query.js";
import type { ApiConfig } from "../../src/api/types.js";

const BASE = "https://api.example.test/api";
const config: ApiConfig = { baseUrl: BASE, apiKey: "sk-endpoint-secret", timeoutMs: 2_000, userAgent: "reelform-test" };
const body = { model_name: "Kling", model_version: "2.1", prompt: "a cat", session_id: "rf1-abc" };

describe("answers that are not the API's (nock)", () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  const reply = (status: number, content: nock.Body, headers: Record<string, string> = {}): void => {
    nock("https://api.example.test").post(`/api${CREATE_PATH}`).reply(status, content, headers);
  };

  it.each([
    [
      "a 404 in the gateway's own shape (no such route)",
      404,
      { error: { code: "not_found", message: "Invalid URL (POST /api/tencent-vod/v1/aigc-video)" } },
      {},
    ],
    ["a 404 web page", 404, "<!doctype html><title>Not Found</title>", { "content-type": "text/html" }],
    ["a 405", 405, "Method Not Allowed", {}],
    [
      "a 200 web page (a site, not the API)",
      200,
      "<html><body>Welcome</body></html>",
      { "content-type": "text/html; charset=utf-8" },
    ],
    ["a 400 in none of the API's shapes", 400, "Bad Request", {}],
  ])("%s stops the run naming REELFORM_BASE_URL (fatal, not rejected)", async (_name, status, content, headers) => {
    reply(status, content as nock.Body, headers);
    const outcome = await createTask(config, body);
    expect(outcome).toMatchObject({ kind: "fatal", error: { code: "ConfigurationError", http_status: status } });
    if (outcome.kind === "fatal")
      expect(outcome.error.message).toMatch(/check REELFORM_BASE_URL \(now https:\/\/api\.example\.test\/api\)/);
  });

  it("a 401 or 403 stops the run naming REELFORM_API_KEY, keeping the API's own code", async () => {
    reply(401, { error: { message: "invalid token", type: "new_api_error", code: "invalid_api_key" } });
    const outcome = await createTask(config, body);
    expect(outcome).toMatchObject({ kind: "fatal", error: { code: "invalid_api_key", http_status: 401 } });
    if (outcome.kind === "fatal") expect(outcome.error.message).toMatch(/invalid token.*check REELFORM_API_KEY/);
    reply(403, "<html>Forbidden</html>", { "content-type": "text/html" });
    expect((await createTask(config, body)).kind).toBe("fatal");
  });

  it("the API's own refusals stay rejections; 5xx pages stay retryable", async () => {
    reply(400, { code: "invalid_request", message: "prompt missing", data: null });
    expect((await createTask(config, body)).kind).toBe("rejected");
    reply(200, { Response: { Error: { Code: "InvalidParameter", Message: "bad" }, RequestId: "r" } });
    expect((await createTask(config, body)).kind).toBe("rejected");
    reply(502, "<html>Bad Gateway</html>", { "content-type": "text/html" });
    expect((await createTask(config, body)).kind).toBe("retryable");
  });

  it("the query route: a web page or a 405 is a configuration error too", async () => {
    nock("https://api.example.test").get(/query/).reply(200, "<html></html>", { "content-type": "text/html" });
    expect(await queryTask(config, "t1")).toMatchObject({ kind: "fatal", error: { code: "ConfigurationError" } });
    nock("https://api.example.test").get(/query/).reply(405, "");
    expect(await queryTask(config, "t1")).toMatchObject({ kind: "fatal", error: { code: "ConfigurationError" } });
  });
});

describe("redirects are never followed (real sockets)", () => {
  let target: Server;
  let redirector: Server;
  let targetHits = 0;
  let status = 302;

  beforeAll(async () => {
    target = createServer((req, res) => {
      targetHits += 1;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ Response: { TaskId: "elsewhere-AigcVideoTask-1t", RequestId: "r" } }));
    });
    await new Promise<void>((done) => target.listen(0, "127.0.0.1", done));
    const targetPort = (target.address() as AddressInfo).port;
    redirector = createServer((req, res) => {
      req.resume();
      res.writeHead(status, { location: `http://127.0.0.1:${targetPort}${req.url ?? "/"}` });
      res.end();
    });
    await new Promise<void>((done) => redirector.listen(0, "127.0.0.1", done));
  });

  afterAll(async () => {
    await new Promise((done) => target.close(done));
    await new Promise((done) => redirector.close(done));
  });

  it.each([302, 307, 301, 308])(
    "a %i on create is a configuration error and the other server gets nothing",
    async (code) => {
      status = code;
      targetHits = 0;
      const local: ApiConfig = { ...config, baseUrl: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}` };
      const outcome = await createTask(local, body);
      expect(outcome).toMatchObject({ kind: "fatal", error: { code: "ConfigurationError", http_status: code } });
      if (outcome.kind === "fatal")
        expect(outcome.error.message).toMatch(/redirect to http:\/\/127\.0\.0\.1:\d+\/tencent-vod.*REELFORM_BASE_URL/);
      expect(await queryTask(local, "t1")).toMatchObject({ kind: "fatal", error: { code: "ConfigurationError" } });
      expect(targetHits).toBe(0);
    },
  );
});
