// The simulator's TC3-HMAC-SHA256 verifier (its own code, from Tencent's published algorithm) against the
// official SDK's signer: they agree on a good signature, and every kind of mismatch is refused with
// Tencent's code.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { verifyTc3, type SignedRequest } from "../../src/simulator/tc3.js";

const require = createRequire(import.meta.url);
const Sign = (
  require("tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js") as { default: { sign3(o: object): string } }
).default;

const SECRETS = new Map([["AKIDtest", "test-secret-key"]]);
const NOW = Date.parse("2026-11-30T05:00:00Z");
const TIMESTAMP = NOW / 1000;

/** A request signed by the SDK's own signer, as it signs for `url`. */
function signed(
  options: {
    url?: string;
    host?: string;
    body?: string;
    secretKey?: string;
    service?: string;
    timestamp?: number;
  } = {},
): SignedRequest {
  const url = options.url ?? "http://127.0.0.1:8787/";
  const payload = JSON.parse(options.body ?? '{"Prompt":"a cat"}');
  const timestamp = options.timestamp ?? TIMESTAMP;
  const headers = { "Content-Type": "application/json" };
  const authorization = Sign.sign3({
    method: "POST",
    url,
    payload,
    timestamp,
    service: options.service ?? "127",
    secretId: "AKIDtest",
    secretKey: options.secretKey ?? "test-secret-key",
    multipart: false,
    headers,
  });
  return {
    method: "POST",
    url: "/",
    headers: {
      authorization,
      "content-type": "application/json",
      host: options.host ?? new URL(url).host,
      "x-tc-timestamp": String(timestamp),
    },
    body: JSON.stringify(payload),
  };
}

describe("verifyTc3", () => {
  it("accepts what the SDK signs for a local endpoint (service 127, host without port) and for vod.tencentcloudapi.com", () => {
    expect(verifyTc3(signed(), SECRETS, NOW)).toBeUndefined();
    expect(
      verifyTc3(signed({ url: "https://vod.tencentcloudapi.com/", service: "vod" }), SECRETS, NOW),
    ).toBeUndefined();
  });

  it("refuses a changed body, a wrong key, a scope for another service and a request seen at another host", () => {
    const tampered = { ...signed(), body: '{"Prompt":"a dog"}' };
    expect(verifyTc3(tampered, SECRETS, NOW)?.code).toBe("AuthFailure.SignatureFailure");
    expect(verifyTc3(signed({ secretKey: "wrong" }), SECRETS, NOW)?.code).toBe("AuthFailure.SignatureFailure");
    expect(verifyTc3(signed({ service: "cvm" }), SECRETS, NOW)?.code).toBe("AuthFailure.SignatureFailure");
    expect(verifyTc3(signed({ host: "127.0.0.2:8787" }), SECRETS, NOW)?.code).toBe("AuthFailure.SignatureFailure");
  });

  it("refuses an unknown SecretId, a timestamp more than 5 minutes off, and a missing signature", () => {
    expect(verifyTc3(signed(), new Map([["AKIDother", "x"]]), NOW)?.code).toBe("AuthFailure.SecretIdNotFound");
    expect(verifyTc3(signed({ timestamp: TIMESTAMP - 301 }), SECRETS, NOW)?.code).toBe("AuthFailure.SignatureExpire");
    expect(verifyTc3(signed({ timestamp: TIMESTAMP + 299 }), SECRETS, NOW)).toBeUndefined();
    const { authorization: _none, ...headers } = signed().headers;
    expect(verifyTc3({ ...signed(), headers }, SECRETS, NOW)?.code).toBe("AuthFailure.InvalidAuthorization");
  });
});
