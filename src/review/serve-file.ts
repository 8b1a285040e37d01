// A pulled video over HTTP, with single Range support (browsers seek with it).
import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isAbsolute, relative, resolve } from "node:path";
import { resolveRange } from "../simulator/file-content.js";

/** Serves a regular file only: a folder, a FIFO or a link (O_NOFOLLOW) is a 404, never an error or a read elsewhere. */
export async function serveFile(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    () => undefined,
  );
  const stats = await handle?.stat().catch(() => undefined);
  if (!handle || !stats?.isFile()) {
    await handle?.close();
    res.writeHead(404).end();
    return;
  }
  const size = stats.size;
  const range = resolveRange(req.headers.range, size);
  const headers = { "content-type": contentType(path), "accept-ranges": "bytes", "cache-control": "no-store" };
  if (range.kind === "unsatisfiable") {
    await handle.close();
    res.writeHead(416, { ...headers, "content-range": `bytes */${size}` }).end();
    return;
  }
  const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, size - 1];
  const status = range.kind === "partial" ? 206 : 200;
  res.writeHead(status, {
    ...headers,
    "content-length": String(end - start + 1),
    ...(status === 206 ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === "HEAD" || size === 0) {
    await handle.close();
    return void res.end();
  }
  handle.createReadStream({ start, end }).pipe(res);
}

/** A path below the pull folder, never outside it (no "..", no absolute path). */
export function fileInside(dir: string, rel: string): string | undefined {
  const path = resolve(dir, rel);
  const back = relative(dir, path);
  return back && !back.startsWith("..") && !isAbsolute(back) ? path : undefined;
}

/**
 * fileInside, and no link on the way: the path resolved through every link is the folder's own path plus
 * `rel`. The folder itself (--dir) may be a link; a link inside it (to /etc, to a sibling) is never followed.
 */
export async function linkFreeFileInside(dir: string, rel: string): Promise<string | undefined> {
  const path = fileInside(dir, rel);
  if (!path) return undefined;
  const [realDir, realPath] = await Promise.all([
    realpath(dir).catch(() => undefined),
    realpath(path).catch(() => undefined),
  ]);
  if (realDir === undefined || realPath === undefined) return undefined;
  return realPath === resolve(realDir, relative(dir, path)) ? path : undefined;
}

function contentType(path: string): string {
  if (/\.webm$/i.test(path)) return "video/webm";
  if (/\.mov$/i.test(path)) return "video/quicktime";
  return "video/mp4";
}
