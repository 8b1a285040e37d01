// A pulled video over HTTP, with single Range support (browsers seek with it).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isAbsolute, relative, resolve } from "node:path";
import { resolveRange } from "../simulator/file-content.js";

export async function serveFile(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const size = (await stat(path).catch(() => undefined))?.size;
  if (size === undefined) {
    res.writeHead(404).end();
    return;
  }
  const range = resolveRange(req.headers.range, size);
  const headers = { "content-type": contentType(path), "accept-ranges": "bytes", "cache-control": "no-store" };
  if (range.kind === "unsatisfiable") {
    res.writeHead(416, { ...headers, "content-range": `bytes */${size}` }).end();
    return;
  }
  const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, size - 1];
  const status = range.kind === "partial" ? 206 : 200;
  res.writeHead(status, { ...headers, "content-length": String(end - start + 1), ...(status === 206 ? { "content-range": `bytes ${start}-${end}/${size}` } : {}) });
  if (req.method === "HEAD" || size === 0) return void res.end();
  createReadStream(path, { start, end }).pipe(res);
}

/** A path below the pull folder, never outside it (no "..", no absolute path). */
export function fileInside(dir: string, rel: string): string | undefined {
  const path = resolve(dir, rel);
  const back = relative(dir, path);
  return back && !back.startsWith("..") && !isAbsolute(back) ? path : undefined;
}

function contentType(path: string): string {
  if (/\.webm$/i.test(path)) return "video/webm";
  if (/\.mov$/i.test(path)) return "video/quicktime";
  return "video/mp4";
}
