// The tencent provider maps what the SDK reports straight onto the seam's outcomes (no HTTP answer is made up
// for src/api to read): an API refusal by its code, an answer with another HTTP status by the configuration
// rules, a transport failure by its reason, a success by its Response.
import { describe, expect, it } from "vitest";
import type { SdkAnswer } from "../../src/provider/tencent/client.js";
import { createOutcomeOfSdk, listingAnswer, queryOutcomeOfSdk } from "../../src/provider/tencent/outcomes.js";

const refused = (code: string, message = "msg"): SdkAnswer => ({
  ok: false,
  failure: { kind: "refused", error: { code, message, http_status: 200, request_id: "req-1" } },
});
const status = (code: number, message: string, location: string | null = null): SdkAnswer => ({
  ok: false,
  failure: { kind: "status", status: code, message, location },
});
const transport = (reason: "timeout" | "network" | "aborted" | "too_large", message: string): SdkAnswer => ({
  ok: false,
  failure: { kind: "transport", reason, message },
});

describe("CreateAigcVideoTask: SDK answer -> outcome", () => {
  it("a Response with a TaskId is created; without one it may have created a task", () => {
    expect(createOutcomeOfSdk({ ok: true, response: { TaskId: "1-AigcVideoTask-ab", RequestId: "r" } })).toEqual({
      kind: "created",
      taskId: "1-AigcVideoTask-ab",
      requestId: "r",
    });
    expect(createOutcomeOfSdk({ ok: true, response: { TaskId: "a\nb" } })).toMatchObject({
      kind: "retryable",
      maybeCreated: true,
      error: { code: "MalformedResponse", http_status: 200 },
    });
  });

  it.each([
    ["InvalidParameter", { kind: "rejected" }],
    ["InvalidParameterValue.SessionId", { kind: "duplicate" }],
    ["LimitExceeded.Quota", { kind: "fatal" }],
    ["InternalError", { kind: "retryable", maybeCreated: true }],
    ["RequestLimitExceeded", { kind: "retryable", maybeCreated: false }],
  ])("a refusal coded %s is %o, with the code and RequestId kept", (code, expected) => {
    expect(createOutcomeOfSdk(refused(code))).toMatchObject({
      ...expected,
      error: { code, request_id: "req-1", http_status: 200 },
    });
  });

  it("a refused redirect stops the run naming REELFORM_TENCENT_ENDPOINT and the Location", () => {
    expect(
      createOutcomeOfSdk(status(302, "redirect refused, to https://elsewhere.example/", "https://elsewhere.example/")),
    ).toEqual({
      kind: "fatal",
      error: {
        code: "ConfigurationError",
        http_status: 302,
        message:
          "HTTP 302: a redirect to https://elsewhere.example/, which reelform never follows for API calls: check REELFORM_TENCENT_ENDPOINT",
      },
    });
  });

  it("404 and other 4xx without an API body stop the run; 5xx and 429 are retried", () => {
    expect(createOutcomeOfSdk(status(404, "Not Found"))).toMatchObject({
      kind: "fatal",
      error: { code: "ConfigurationError", message: expect.stringContaining("no create endpoint") },
    });
    expect(createOutcomeOfSdk(status(418, "I'm a teapot"))).toMatchObject({
      kind: "fatal",
      error: { message: expect.stringContaining("in none of the API's error shapes") },
    });
    expect(createOutcomeOfSdk(status(503, "Service Unavailable"))).toEqual({
      kind: "retryable",
      maybeCreated: true,
      error: { code: "HTTP503", message: "Service Unavailable", http_status: 503 },
    });
    expect(createOutcomeOfSdk(status(429, "Too Many Requests"))).toMatchObject({
      kind: "retryable",
      maybeCreated: false,
    });
  });

  it("transport failures: refused connection not created, reset and timeout maybe created, too large named", () => {
    expect(createOutcomeOfSdk(transport("network", "connect ECONNREFUSED 127.0.0.1:9"))).toMatchObject({
      kind: "retryable",
      maybeCreated: false,
      unreachable: true,
      error: { code: "NetworkError" },
    });
    expect(createOutcomeOfSdk(transport("network", "socket hang up"))).toMatchObject({ maybeCreated: true });
    expect(createOutcomeOfSdk(transport("timeout", "network timeout"))).toMatchObject({ error: { code: "Timeout" } });
    expect(createOutcomeOfSdk(transport("too_large", "Tencent answer larger than 1 MiB"))).toMatchObject({
      kind: "retryable",
      error: { code: "ResponseTooLarge" },
    });
  });
});

describe("DescribeTaskDetail and listings: SDK answer -> outcome", () => {
  it("a Response is the task; refusals are not_found, retryable or fatal", () => {
    expect(queryOutcomeOfSdk({ ok: true, response: { Status: "PROCESSING", RequestId: "q" } })).toMatchObject({
      kind: "ok",
      requestId: "q",
      task: { state: "processing" },
    });
    expect(queryOutcomeOfSdk(refused("ResourceNotFound"))).toMatchObject({ kind: "not_found" });
    expect(queryOutcomeOfSdk(refused("InternalError"))).toMatchObject({ kind: "retryable" });
    expect(queryOutcomeOfSdk(refused("AuthFailure.SecretIdNotFound"))).toMatchObject({ kind: "fatal" });
    expect(queryOutcomeOfSdk(status(404, "Not Found"))).toMatchObject({
      kind: "fatal",
      error: { message: expect.stringContaining("no query endpoint") },
    });
    expect(queryOutcomeOfSdk(transport("network", "getaddrinfo ENOTFOUND vod.example"))).toMatchObject({
      kind: "retryable",
      unreachable: true,
    });
  });

  it("a listing's failure says whether another attempt is worth it", () => {
    expect(listingAnswer(refused("InternalError"))).toMatchObject({ ok: false, retryable: true });
    expect(listingAnswer(refused("AuthFailure.SignatureFailure"))).toMatchObject({ ok: false, retryable: false });
    expect(listingAnswer(status(502, "Bad Gateway"))).toEqual({
      ok: false,
      error: { code: "HTTP502", message: "Bad Gateway", http_status: 502 },
      retryable: true,
    });
    expect(listingAnswer(transport("aborted", "aborted"))).toEqual({
      ok: false,
      error: { code: "Aborted", message: "aborted" },
      retryable: false,
    });
    expect(listingAnswer({ ok: true, response: { TaskSet: [] } })).toEqual({ ok: true, response: { TaskSet: [] } });
  });
});
