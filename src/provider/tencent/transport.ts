// The SDK's HTTP layer (tencentcloud-sdk-nodejs-common sends every call through node-fetch in its
// `http/fetch` module) held to the gateway path's rules (src/api/http.ts):
// - a redirect is never followed: node-fetch would re-POST the signed body and X-TC-Token to the other host;
// - an answer is never buffered past MAX_ANSWER_BYTES (announced or streamed): the SDK's `res.json()` would
//   read a 1 GiB answer whole.
// The SDK offers no option for either, so its one fetch function is wrapped, once, when the client is built.
import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import { MAX_ANSWER_BYTES } from "../../api/http.js";

/** Starts the message of an answer refused for its size (errors.ts turns it into a too_large transport failure). */
export const TOO_LARGE_ANSWER = "Tencent answer larger than";
/** Starts the statusText of a refused redirect; the Location follows it (errors.ts reads it back). */
export const REFUSED_REDIRECT = "redirect refused, to ";

interface NodeFetchResponse {
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null; raw(): Record<string, string[]> };
  body: Readable;
}
type NodeFetch = (url: string, options: Record<string, unknown>) => Promise<NodeFetchResponse>;
type ResponseClass = new (
  body: Buffer | null,
  init: { status: number; statusText: string; url: string; headers: Record<string, string[]> },
) => NodeFetchResponse;

let guarded = false;

/** Wraps the SDK's fetch (idempotent). Called before the first request of a tencent client. */
export function guardSdkTransport(): void {
  if (guarded) return;
  const fromCommon = createRequire(createRequire(import.meta.url).resolve("tencentcloud-sdk-nodejs-common"));
  const fetchModule = fromCommon("./common/http/fetch.js") as { default: NodeFetch };
  const { Response } = fromCommon("node-fetch") as { Response: ResponseClass };
  const sdkFetch = fetchModule.default;
  fetchModule.default = async (url, options) => {
    const response = await sdkFetch(url, { ...options, redirect: "manual" });
    return boundedResponse(response, Response, Number(options.timeout) || 0);
  };
  guarded = true;
}

/** The answer read whole into memory only up to the cap; a redirect is answered with its Location named. */
async function boundedResponse(
  response: NodeFetchResponse,
  Response: ResponseClass,
  timeoutMs: number,
): Promise<NodeFetchResponse> {
  const init = {
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers.raw(),
  };
  if (response.status >= 300 && response.status < 400) {
    response.body.destroy();
    return new Response(null, {
      ...init,
      statusText: `${REFUSED_REDIRECT}${response.headers.get("location") ?? "(no Location)"}`,
    });
  }
  const declared = Number(response.headers.get("content-length") ?? "");
  if (declared > MAX_ANSWER_BYTES) {
    response.body.destroy();
    throw new Error(
      `${TOO_LARGE_ANSWER} ${MAX_ANSWER_BYTES / 1024 / 1024} MiB (it announced ${declared} bytes); not read`,
    );
  }
  return new Response(await readCapped(response.body, timeoutMs), init);
}

async function readCapped(body: Readable, timeoutMs: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  // node-fetch times out only until the headers when its body is read as a stream: the rest is timed here.
  const timer =
    timeoutMs > 0
      ? setTimeout(
          () => body.destroy(new Error(`network timeout while reading the answer (${timeoutMs} ms)`)),
          timeoutMs,
        )
      : undefined;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > MAX_ANSWER_BYTES) {
        body.destroy();
        throw new Error(`${TOO_LARGE_ANSWER} ${MAX_ANSWER_BYTES / 1024 / 1024} MiB; not read further`);
      }
      chunks.push(chunk as Buffer);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}
