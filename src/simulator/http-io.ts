import type { ServerResponse } from "node:http";
import type { BodyLimit } from "../util/read-body.js";
import type { Reply } from "./replies.js";

/** Writes a reply: JSON unless the body is bytes; HEAD gets the headers only. */
export function send(res: ServerResponse, reply: Reply, method: string | undefined): void {
  const raw = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(JSON.stringify(reply.body));
  const type = Buffer.isBuffer(reply.body) ? {} : { "content-type": "application/json; charset=utf-8" };
  res.writeHead(reply.status, { ...type, ...reply.headers, "content-length": String(raw.length) });
  res.end(method === "HEAD" ? undefined : raw);
}

/**
 * Bodies above this are cut. Above Tencent's 10 MB packet cap, so that Base64 input files over the 7 MB
 * total reach the body check and get upstream's refusal rather than a cut body.
 */
const MAX_BODY = 16 * 1024 * 1024;

/** What the simulator's API reads of a request body (see MAX_BODY). */
export const BODY_LIMIT: BodyLimit = { maxBytes: MAX_BODY, whenLarger: "cut" };
