import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface SeenRequest {
  path: string;
  range?: string;
  authorization?: string;
}

/** A file host on 127.0.0.1:0; each route decides how to answer (so a test can cut a body short). */
export async function fileHost(
  routes: Record<string, (req: IncomingMessage, res: ServerResponse, nth: number) => void>,
) {
  const seen: SeenRequest[] = [];
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    seen.push({ path, range: req.headers.range, authorization: req.headers.authorization });
    const nth = (counts.get(path) ?? 0) + 1;
    counts.set(path, nth);
    const route = routes[path];
    if (route) route(req, res, nth);
    else res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Serves `content` honouring `Range: bytes=N-`, like a CDN. */
export function serveWithRange(content: Buffer) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    if (!match) {
      res.writeHead(200, { "content-length": content.length }).end(content);
      return;
    }
    const start = Number(match[1]);
    if (start >= content.length) {
      res.writeHead(416, { "content-range": `bytes */${content.length}` }).end();
      return;
    }
    res.writeHead(206, {
      "content-range": `bytes ${start}-${content.length - 1}/${content.length}`,
      "content-length": content.length - start,
    });
    res.end(content.subarray(start));
  };
}

/** Promises the full length, sends `upTo` bytes, then drops the connection once `ready()` says the client has them. */
export function cutShort(content: Buffer, upTo: number, ready: () => boolean) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { "content-length": content.length });
    res.write(content.subarray(0, upTo));
    // Waits for the client however long a loaded machine takes (the test's own timeout bounds it).
    const poll = setInterval(() => {
      if (!ready() && !res.destroyed) return;
      clearInterval(poll);
      res.socket?.destroy();
    }, 5);
  };
}
