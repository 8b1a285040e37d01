// The official SDK's client, built once per configuration; it signs every request (TC3-HMAC-SHA256).
// tencentcloud-sdk-nodejs-common's CommonClient for VOD's endpoint and API version 2018-07-17: the same
// AbstractClient the generated VOD client extends, without that package's model text (which reelform does not
// use at run time: the bodies follow fields.ts, typed against SDK 4.1.313; docs/providers.md "Which SDK").
// Loaded lazily: the SDK is only needed when the tencent provider is used.
import type { TencentConfig } from "./config.js";
import { buildRedactor, combinedRedactor, redactStrings, type Redactor } from "../../api/redact.js";
import { sdkFailure, type SdkFailure } from "./errors.js";
import { guardSdkTransport } from "./transport.js";

/** VOD's endpoint (replaced per request by the configured host) and the API version every action is called with. */
const VOD_ENDPOINT = "vod.tencentcloudapi.com";
const VOD_API_VERSION = "2018-07-17";

export type TencentAction = "CreateAigcVideoTask" | "DescribeTaskDetail" | "DescribeTasks" | "DescribeMediaInfos";

/** What one call came to: the SDK's unwrapped `Response`, or why there is none (mapped to outcomes by outcomes.ts). */
export type SdkAnswer = { ok: true; response: unknown } | { ok: false; failure: SdkFailure };

/** One signed call; never throws. */
export type TencentCall = (action: TencentAction, request: object, signal?: AbortSignal) => Promise<SdkAnswer>;

interface SdkClient {
  request(action: string, req: unknown, options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** Redaction of every Tencent credential, in every form (src/api/redact.ts). */
export function tencentRedactor(config: TencentConfig): Redactor {
  return combinedRedactor(
    [config.secretKey, config.secretId, config.sessionToken ?? ""].filter(Boolean).map(buildRedactor),
  );
}

export function tencentCaller(config: TencentConfig): TencentCall {
  let client: Promise<SdkClient> | undefined;
  // Every field of every answer (and every error) is scrubbed of the credentials before anything reads it.
  const redactor = tencentRedactor(config);
  return async (action, request, signal) => {
    try {
      client ??= buildClient(config);
      // AbstractClient.request is the SDK's own path for every action; unlike the generated
      // CreateAigcVideoTask(req, cb) it takes the abort signal.
      const response = await (await client).request(action, request, signal ? { signal } : {});
      return { ok: true, response: redactStrings(response, redactor) };
    } catch (error) {
      return { ok: false, failure: sdkFailure(error, signal, redactor) };
    }
  };
}

async function buildClient(config: TencentConfig): Promise<SdkClient> {
  const { CommonClient } = await import("tencentcloud-sdk-nodejs-common");
  guardSdkTransport();
  const credential = {
    secretId: config.secretId,
    secretKey: config.secretKey,
    ...(config.sessionToken ? { token: config.sessionToken } : {}),
  };
  return new CommonClient(VOD_ENDPOINT, VOD_API_VERSION, {
    credential,
    region: config.region,
    profile: {
      signMethod: "TC3-HMAC-SHA256",
      // reqTimeout is in seconds; the SDK aborts a request that takes longer (as REELFORM_TIMEOUT does for the gateway).
      httpProfile: {
        endpoint: config.host,
        protocol: `${config.protocol}//`,
        reqMethod: "POST",
        reqTimeout: config.timeoutMs / 1000,
      },
    },
  }) as unknown as SdkClient;
}
