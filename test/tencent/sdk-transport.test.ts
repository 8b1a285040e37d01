// Transport failures through the SDK over real loopback sockets (nock's injected socket errors do not reach
// the SDK's node-fetch): a refused connection never created anything; a connection dropped after the
// request was sent may have.
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { TencentConfig } from "../../src/provider/tencent/config.js";
import { tencentProvider } from "../../src/provider/tencent/provider.js";

const body = { model_name: "Kling", model_version: "2.1", prompt: "a cat", session_id: "rf1-abc" };
const configFor = (host: string): TencentConfig => ({
  secretId: "AKIDx",
  secretKey: "k",
  region: "ap-guangzhou",
  protocol: "http:",
  host,
  timeoutMs: 5_000,
});
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function listen(onConnection: (socket: import("node:net").Socket) => void): Promise<number> {
  server = createServer(onConnection);
  return new Promise((resolve) =>
    server!.listen(0, "127.0.0.1", () => resolve((server!.address() as AddressInfo).port)),
  );
}

describe("the tencent provider over a failing connection", () => {
  it("a refused connection is retryable and certainly not created", async () => {
    const port = await listen(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const outcome = await tencentProvider(configFor(`127.0.0.1:${port}`)).create(body, new AbortController().signal);
    expect(outcome).toMatchObject({
      kind: "retryable",
      maybeCreated: false,
      error: { code: "NetworkError", message: expect.stringContaining("ECONNREFUSED") },
    });
  });

  it("a connection reset after the request was sent is retryable and maybe created", async () => {
    const port = await listen((socket) => socket.once("data", () => socket.destroy()));
    const outcome = await tencentProvider(configFor(`127.0.0.1:${port}`)).create(body, new AbortController().signal);
    expect(outcome).toMatchObject({ kind: "retryable", maybeCreated: true, error: { code: "NetworkError" } });
  });
});
