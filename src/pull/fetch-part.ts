// One attempt to bring `<file>.part` up to date with a URL, resuming with an HTTP Range when part of it
// is already there. This is reelform's only fetch besides src/api/http.ts, and deliberately separate:
// output URLs point at file hosts (CDN, object storage), which must never receive the API key, so this
// request carries no Authorization header at all.
import { open, rm, truncate } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { FetchLike } from "../api/http.js";
import { sizeOf } from "./files.js";
import { partOpenFlags } from "./safe-path.js";
import { idleWatch, type IdleWatch } from "./idle-watch.js";

type AttemptFailureKind = "gone" | "http" | "network" | "incomplete" | "aborted" | "too_large" | "timeout";
export type AttemptResult =
  { ok: true } | { ok: false; kind: AttemptFailureKind; retryable: boolean; message: string; httpStatus?: number };

export interface FetchPartDeps {
  fetch: FetchLike;
  signal?: AbortSignal;
  /** Give up on a connection that sends nothing for this long. */
  idleTimeoutMs: number;
  /** Refuse a file larger than this many bytes (announced, or as it arrives). */
  maxBytes: number;
  /** Aborts when the file's overall deadline has passed (all attempts together). */
  deadline?: AbortSignal;
  onBytes?: (bytesOnDisk: number, total: number | undefined) => void;
}

export async function fetchIntoPart(url: string, part: string, deps: FetchPartDeps): Promise<AttemptResult> {
  const have = (await sizeOf(part)) ?? 0;
  const outer =
    deps.signal && deps.deadline ? AbortSignal.any([deps.signal, deps.deadline]) : (deps.signal ?? deps.deadline);
  const idle = idleWatch(deps.idleTimeoutMs, outer);
  try {
    const response = await deps.fetch(url, {
      headers: have > 0 ? { range: `bytes=${have}-` } : {},
      signal: idle.signal,
      redirect: "follow",
    });
    return await receive(response, part, have, idle, deps);
  } catch (error) {
    if (deps.signal?.aborted)
      return { ok: false, kind: "aborted", retryable: false, message: "aborted; the .part file is kept for next time" };
    if (error instanceof TooLarge) return tooLarge(part, deps.maxBytes, `sent more than ${deps.maxBytes} bytes`);
    if (deps.deadline?.aborted)
      return {
        ok: false,
        kind: "timeout",
        retryable: false,
        message: `not complete within the file's deadline (--file-timeout); ${(await sizeOf(part)) ?? 0} bytes kept in the .part file`,
      };
    const why = idle.timedOut() ? `no data for ${deps.idleTimeoutMs / 1000} s` : describe(error);
    return {
      ok: false,
      kind: "network",
      retryable: true,
      message: `${why}; ${(await sizeOf(part)) ?? 0} bytes kept in the .part file`,
    };
  } finally {
    idle.clear();
  }
}

async function receive(
  response: Response,
  part: string,
  have: number,
  idle: IdleWatch,
  deps: FetchPartDeps,
): Promise<AttemptResult> {
  const status = response.status;
  if (status === 416) return rangeNotSatisfiable(response, part, have);
  if (status === 403 || status === 404 || status === 410)
    return {
      ok: false,
      kind: "gone",
      retryable: false,
      httpStatus: status,
      message: `the file host answered HTTP ${status}`,
    };
  if (status !== 200 && status !== 206) {
    return {
      ok: false,
      kind: "http",
      retryable: status === 429 || status >= 500,
      httpStatus: status,
      message: `the file host answered HTTP ${status}`,
    };
  }
  const start = status === 206 ? rangeOf(response.headers.get("content-range"))?.start : 0;
  if (start !== (status === 206 ? have : 0)) {
    await truncate(part, 0);
    return {
      ok: false,
      kind: "incomplete",
      retryable: true,
      message: "the file host resumed at an unexpected offset; starting over",
    };
  }
  const total =
    status === 206
      ? rangeOf(response.headers.get("content-range"))?.total
      : numberOrUndefined(response.headers.get("content-length"));
  if (total !== undefined && total > deps.maxBytes) {
    await response.body?.cancel();
    return tooLarge(part, deps.maxBytes, `announced ${total} bytes`);
  }
  await writeBody(response, part, start, total, idle, deps);
  const size = (await sizeOf(part)) ?? 0;
  if (total !== undefined && size !== total) {
    return {
      ok: false,
      kind: "incomplete",
      retryable: true,
      message: `received ${size} of ${total} bytes; the .part file is kept`,
    };
  }
  return { ok: true };
}

/** Thrown inside the pipeline when a body passes the size cap. */
class TooLarge extends Error {}

/** Not kept: a file over the cap is not what was asked for, and must not fill the disk on the next try. */
async function tooLarge(part: string, maxBytes: number, what: string): Promise<AttemptResult> {
  await rm(part, { force: true });
  return {
    ok: false,
    kind: "too_large",
    retryable: false,
    message: `the file host ${what}, over the ${maxBytes}-byte cap (--max-file-size); nothing kept`,
  };
}

async function writeBody(
  response: Response,
  part: string,
  start: number,
  total: number | undefined,
  idle: IdleWatch,
  deps: FetchPartDeps,
): Promise<void> {
  let onDisk = start;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      idle.touch();
      onDisk += chunk.length;
      if (onDisk > deps.maxBytes) return done(new TooLarge());
      deps.onBytes?.(onDisk, total);
      done(null, chunk);
    },
  });
  const file = (await open(part, partOpenFlags(start !== 0))).createWriteStream();
  const body = response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  await pipeline(body, counter, file);
}

/** 416: the .part is either already whole (Content-Range: bytes * /N with N = what we have) or wrong. */
async function rangeNotSatisfiable(response: Response, part: string, have: number): Promise<AttemptResult> {
  await response.body?.cancel();
  const total = rangeOf(response.headers.get("content-range"))?.total;
  if (total !== undefined && total === have) return { ok: true };
  await truncate(part, 0);
  return {
    ok: false,
    kind: "incomplete",
    retryable: true,
    message: "the partial file did not match the file host's; starting over",
  };
}

/** "bytes 100-199/1000" -> {start: 100, total: 1000}; "bytes * /1000" -> {total: 1000}. */
export function rangeOf(header: string | null): { start?: number; total?: number } | undefined {
  const match = /^bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)$/i.exec(header?.trim() ?? "");
  if (!match) return undefined;
  const out: { start?: number; total?: number } = {};
  if (match[1] !== undefined) out.start = Number(match[1]);
  if (match[2] !== "*") out.total = Number(match[2]);
  return out;
}

function numberOrUndefined(text: string | null): number | undefined {
  const n = text === null || text === "" ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}
