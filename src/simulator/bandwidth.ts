// --bandwidth: every file response shares one total rate, as downloads from one CDN edge over one uplink
// would. Bodies go out in chunks, each waiting for its turn on a shared schedule (first come, first served).
import type { ServerResponse } from "node:http";
import type { Reply } from "./replies.js";

const CHUNK = 64 * 1024;

export class SharedBandwidth {
  private freeAt = 0;

  constructor(
    private readonly bytesPerSecond: number,
    private readonly later: (ms: number) => Promise<void>,
    private readonly now: () => number,
  ) {}

  /** Sends `reply` (a byte body) no faster than this link's share allows; HEAD sends headers only. */
  async send(res: ServerResponse, reply: Reply, method: string | undefined): Promise<void> {
    const body = reply.body as Buffer;
    res.writeHead(reply.status, { ...reply.headers, "content-length": String(body.length) });
    if (method === "HEAD") return void res.end();
    for (let at = 0; at < body.length && !res.destroyed; at += CHUNK) {
      const chunk = body.subarray(at, at + CHUNK);
      await this.later(this.reserve(chunk.length));
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  }

  /** Milliseconds to wait before sending `bytes`: until their slot on the shared link has passed. */
  private reserve(bytes: number): number {
    const now = this.now();
    this.freeAt = Math.max(this.freeAt, now) + (bytes / this.bytesPerSecond) * 1000;
    return this.freeAt - now;
  }
}
