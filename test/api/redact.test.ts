import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTask } from "../../src/api/create.js";
import { sendJson } from "../../src/api/http.js";
import { queryTask } from "../../src/api/query.js";
import { createRedactor } from "../../src/api/redact.js";

const KEY = "sk-very-secret-key-123";
const config = { baseUrl: "https://gw.example", apiKey: KEY, timeoutMs: 2000, userAgent: "reelform-test" };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("an API that echoes the key back", () => {
  it("never lets the key into what reelform shows or records (redacted after parsing)", async () => {
    nock("https://gw.example")
      .post("/tencent-vod/v1/aigc-video")
      .reply(401, { error: { message: `invalid token ${KEY}`, type: "new_api_error", code: "invalid_api_key" } });
    const outcome = await createTask(config, { prompt: "x" });
    expect(outcome).toMatchObject({
      kind: "fatal",
      error: { code: "invalid_api_key", message: expect.stringContaining("invalid token [redacted]") },
    });
    expect(JSON.stringify(outcome)).not.toContain(KEY);
  });

  it("keeps the raw text (only shown in messages) redacted too", async () => {
    nock("https://gw.example")
      .post("/x")
      .reply(500, `upstream said: Bearer ${KEY.replace(/-/g, "\\-")} and ${encodeURIComponent(KEY)} and ${KEY}`);
    const result = await sendJson(config, "POST", "/x", { a: 1 });
    expect(result.ok && result.text).toBe(
      "upstream said: Bearer sk\\-very\\-secret\\-key\\-123 and [redacted] and [redacted]",
    );
  });

  it("redacts a key echoed inside a query answer's URLs and error texts", async () => {
    nock("https://gw.example")
      .get("/tencent-vod/v1/query/t1")
      .reply(200, {
        Response: {
          Status: "FINISH",
          AigcVideoTask: { Status: "FINISH", ErrCode: 10, ErrCodeExt: "InternalError", Message: `key ${KEY} refused` },
        },
      });
    const outcome = await queryTask(config, "t1");
    expect(JSON.stringify(outcome)).not.toContain(KEY);
    expect(JSON.stringify(outcome)).toContain("key [redacted] refused");
  });
});

describe("an API error as recorded", () => {
  it("is bounded after redaction, so a key at the cut is still redacted whole", async () => {
    const message = `${"m".repeat(1995)}${KEY}${"x".repeat(5000)}`;
    nock("https://gw.example")
      .post("/tencent-vod/v1/aigc-video")
      .reply(200, { Response: { Error: { Code: "InvalidParameter", Message: message }, RequestId: "r" } });
    const outcome = await createTask(config, { prompt: "x" });
    const recorded = outcome.kind === "rejected" ? outcome.error.message : "";
    expect(recorded).toBe(`${"m".repeat(1995)}[reda… (5005 more characters)`);
    expect(recorded).not.toContain("sk-very");
  });
});

describe("createRedactor", () => {
  it("finds the key as written, JSON-escaped (\\/ too) and URL-encoded", () => {
    const r = createRedactor('sk-a/b+c"d');
    expect(
      r.text(`1 sk-a/b+c"d 2 sk-a\\/b+c\\"d 3 sk-a/b+c\\"d 4 ${encodeURIComponent('sk-a/b+c"d')} 5 sk-a%2fb%2bc%22d`),
    ).toBe("1 [redacted] 2 [redacted] 3 [redacted] 4 [redacted] 5 [redacted]");
  });

  it("matches a short key only as a whole word, so ordinary text and codes survive", () => {
    const r = createRedactor("a");
    expect(r.text("InvalidParameter: a is wrong")).toBe("InvalidParameter: [redacted] is wrong");
    expect(r.finds("a")).toBe(false);
  });
});
