// `review --serve`: the review page on 127.0.0.1 only. Every path starts with a random token (so the page,
// its videos and its API are only reachable from the URL printed to the user), the Host header must name
// the loopback address (no DNS rebinding), and a POST must come from the page's own origin as JSON (a page
// on another site can neither read nor post).
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { UserError } from "../errors.js";
import { readBody } from "../util/read-body.js";
import { serveFile } from "./serve-file.js";

export interface ReviewServerOptions {
  port: number;
  token: string;
  /** The page, rebuilt per request so that a reload shows the verdicts saved since. */
  page: () => Promise<string>;
  /** Absolute path of a pulled file for a path below files/, or undefined when it is not one. */
  file: (relative: string) => string | undefined | Promise<string | undefined>;
  /** Saves one verdict; resolves to the JSON answer, or throws a VerdictRefusal. */
  verdict: (body: unknown) => Promise<unknown>;
}

export class VerdictRefusal extends Error {}

export interface RunningReviewServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export async function startReviewServer(options: ReviewServerOptions): Promise<RunningReviewServer> {
  const server = createServer((req, res) => {
    handle(req, res, options, (server.address() as AddressInfo).port).catch((error: unknown) =>
      send(res, 500, { error: (error as Error).message }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new UserError(
          `cannot serve the review page on 127.0.0.1:${options.port}: ${error.code === "EADDRINUSE" ? "the port is in use (leave out --port for a free one)" : error.message}`,
        ),
      ),
    );
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${options.token}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: ReviewServerOptions,
  port: number,
): Promise<void> {
  const host = req.headers.host ?? "";
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
    return send(res, 403, { error: "wrong Host: open the URL reelform printed" });
  const url = new URL(req.url ?? "/", `http://${host}`);
  const [, token = "", ...rest] = url.pathname.split("/");
  if (!sameToken(token, options.token))
    return send(res, 403, { error: "missing or wrong token: open the URL reelform printed" });
  const path = rest.join("/");
  if (req.method === "POST" && path === "api/verdict") return postVerdict(req, res, options, host);
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { error: "method not allowed" });
  if (path === "" || path === "index.html") return sendPage(res, await options.page());
  const file = path.startsWith("files/") ? await options.file(decodePath(path.slice("files/".length))) : undefined;
  if (!file) return send(res, 404, { error: "not found" });
  await serveFile(req, res, file);
}

async function postVerdict(
  req: IncomingMessage,
  res: ServerResponse,
  options: ReviewServerOptions,
  host: string,
): Promise<void> {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`)
    return send(res, 403, { error: "cross-site request refused" });
  if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
    return send(res, 415, { error: "send JSON" });
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, { maxBytes: MAX_BODY, whenLarger: "refuse" }));
  } catch (error) {
    return send(res, 400, { error: `not JSON: ${(error as Error).message}` });
  }
  try {
    return send(res, 200, await options.verdict(body));
  } catch (error) {
    if (error instanceof VerdictRefusal) return send(res, 400, { error: error.message });
    throw error;
  }
}

/** A percent-encoded path, or "" (no file) when its encoding is broken. */
function decodePath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return "";
  }
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendPage(res: ServerResponse, html: string): void {
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
  });
  res.end(html);
}

function send(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(value));
}
