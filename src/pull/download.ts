// One output to its final path: skip when already complete, refuse expired URLs without asking, resume
// the .part file across attempts, then rename and checksum.
import { mkdir, rename } from "node:fs/promises";
import { dirname } from "node:path";
import type { FetchLike } from "../api/http.js";
import { PULL_FILE_TIMEOUT, PULL_MAX_FILE_SIZE } from "../config/settings.js";
import { backoffDelay, type BackoffPolicy } from "../sched/backoff.js";
import type { Clock } from "../sched/clock.js";
import { fetchIntoPart, type AttemptResult } from "./fetch-part.js";
import { UserError } from "../errors.js";
import { alreadyComplete, sha256OfFile, sizeOf } from "./files.js";
import { notRegular, unsafeOutputPath } from "./safe-path.js";
import type { DownloadTarget } from "./targets.js";

export type DownloadResult =
  | { ok: true; skipped: boolean; size: number; sha256: string; resumedFrom: number }
  | {
      ok: false;
      kind:
        "expired" | "gone" | "http" | "network" | "incomplete" | "aborted" | "too_large" | "timeout" | "unsafe_path";
      message: string;
    };

export interface DownloadDeps {
  fetch: FetchLike;
  clock: Clock;
  signal?: AbortSignal;
  idleTimeoutMs?: number;
  /** Size cap per file in bytes (default 2 GiB). */
  maxFileBytes?: number;
  /** Overall time allowed per file, all attempts together (default 1 hour). */
  fileTimeoutMs?: number;
  retry?: BackoffPolicy;
  onBytes?: (bytesOnDisk: number, total: number | undefined) => void;
  /**
   * Runs with the whole file's size and checksum before the .part is renamed (the pipeline records them in
   * the lockfile there): a crash after it leaves a .part the lockfile vouches for, renamed next time unfetched.
   */
  beforeRename?: (facts: { size: number; sha256: string }) => Promise<void>;
}

const DOWNLOAD_RETRY: BackoffPolicy = { maxAttempts: 4, baseMs: 500, capMs: 8000 };
const DEFAULT_MAX_FILE_BYTES = PULL_MAX_FILE_SIZE.defaultValue;
const DEFAULT_FILE_TIMEOUT_MS = PULL_FILE_TIMEOUT.defaultValue;

export async function downloadOutput(target: DownloadTarget, deps: DownloadDeps): Promise<DownloadResult> {
  const { output, path } = target;
  const part = `${path}.part`;
  const skipped = {
    ok: true,
    skipped: true,
    size: output.size ?? 0,
    sha256: output.sha256 ?? "",
    resumedFrom: 0,
  } as const;
  const unsafe = await unsafeOutputPath(path);
  if (unsafe) return { ok: false, kind: "unsafe_path", message: unsafe };
  if (await alreadyComplete(path, output)) return skipped;
  if (await alreadyComplete(part, output)) return (await renameRegular(part, path), skipped);
  if (output.expires_at && Date.parse(output.expires_at) <= deps.clock.now()) {
    return { ok: false, kind: "expired", message: `the URL expired at ${output.expires_at}` };
  }
  if (!/^https?:$/.test(protocolOf(output.url)))
    return { ok: false, kind: "http", message: `not an http(s) URL: ${output.url.slice(0, 80)}` };
  await mkdir(dirname(path), { recursive: true });
  const resumedFrom = (await sizeOf(part)) ?? 0;
  const attempt = await attemptWithRetries(output.url, part, deps);
  if (!attempt.ok) return failureOf(attempt, output.storage_mode);
  const facts = { size: (await sizeOf(part)) ?? 0, sha256: await sha256OfFile(part) };
  await deps.beforeRename?.(facts);
  await renameRegular(part, path);
  return { ok: true, skipped: false, ...facts, resumedFrom };
}

/** Renames the .part only while it is still a regular file, never over anything but one. */
async function renameRegular(part: string, path: string): Promise<void> {
  const problem = (await notRegular(part)) ?? (await notRegular(path));
  if (problem) throw new UserError(`pull: ${problem}`);
  await rename(part, path);
}

async function attemptWithRetries(url: string, part: string, deps: DownloadDeps): Promise<AttemptResult> {
  const policy = deps.retry ?? DOWNLOAD_RETRY;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deps.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS);
  const partDeps = {
    fetch: deps.fetch,
    signal: deps.signal,
    idleTimeoutMs: deps.idleTimeoutMs ?? 60_000,
    onBytes: deps.onBytes,
    maxBytes: deps.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    deadline: deadline.signal,
  };
  try {
    let result = await fetchIntoPart(url, part, partDeps);
    for (let attempt = 1; !result.ok && result.retryable && attempt < policy.maxAttempts; attempt++) {
      await deps.clock.sleep(backoffDelay(policy, attempt, deps.clock.random), deps.signal);
      if (deps.signal?.aborted || deadline.signal.aborted) break;
      result = await fetchIntoPart(url, part, partDeps);
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/** 403/404/410 from a Temporary URL almost always means it expired. */
function failureOf(result: Extract<AttemptResult, { ok: false }>, storageMode: string | undefined): DownloadResult {
  if (result.kind === "gone" && storageMode !== "Permanent")
    return { ok: false, kind: "expired", message: `${result.message} (the Temporary URL has probably expired)` };
  return { ok: false, kind: result.kind, message: result.message };
}

function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return "";
  }
}
