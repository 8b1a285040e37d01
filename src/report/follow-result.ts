// What status (and apply --wait) prints once the tasks have been followed: with --pull, pull's summary and the
// checks of the files that landed; then the status table or JSON document (or apply's final `status` event),
// and on stderr why following stopped early.
import { accountStopMessage } from "../api/account-wide.js";
import { CONFIGURATION_ERROR } from "../api/endpoint.js";
import type { CommandContext } from "../command-context.js";
import type { FollowOutcome, PulledFiles } from "../follow/run.js";
import { displayPath } from "../util/paths.js";
import { safeText } from "../util/safe-text.js";
import type { CheckedFile } from "../video-check/run.js";
import { countChecks, renderLandedChecks } from "./check-report.js";
import { ChunkedWriter } from "./chunked-writer.js";
import { printPulled } from "./pipeline-summary.js";
import { statusJsonChunks } from "./status-json.js";
import { statusTableChunks } from "./status-table.js";

export interface FollowResultOptions {
  manifest: string;
  /** "document": status --json; "event": apply --wait --json's last NDJSON line. */
  json?: boolean | "event";
  all?: boolean;
  /** For the message at the deadline. */
  timeoutMs: number;
  pullDir?: string;
}

/** With --pull: the summary of the downloads, then the checks; true when a current file failed a check. */
export function printPulledFiles(
  ctx: CommandContext,
  outcome: FollowOutcome,
  pulled: PulledFiles,
  options: FollowResultOptions,
  now: number,
): boolean {
  // Before the result: apply --json's last line stays the status event.
  printPulled(ctx, pulled.files, {
    ...options,
    house: { kept: pulled.kept, orphans: [], expiredEarlier: pulled.expiredEarlier },
    relative: (p) => displayPath(p, ctx.cwd),
    now: () => now,
  });
  // Earlier generations that landed are checked and recorded too; the report and exit code are about current ones.
  const entries = outcome.lockfile.entries;
  const current = pulled.checked?.filter(
    (f) => Object.hasOwn(entries, f.job.key) && entries[f.job.key]?.generation === f.job.generation,
  );
  return current ? printLandedChecks(ctx, current, pulled.ffmpeg, options, now) : false;
}

function printLandedChecks(
  ctx: CommandContext,
  checked: CheckedFile[],
  ffmpeg: { version: string } | undefined,
  options: FollowResultOptions,
  now: number,
): boolean {
  const report = {
    checked,
    recorded: new Map(checked.map((f) => [f, "recorded" as const])),
    notPulled: [],
    noOutput: 0,
    ffmpeg,
    dir: options.pullDir ?? "",
  };
  const { text, toStderr } = renderLandedChecks(report, options.json ?? false, now);
  (toStderr ? ctx.stderr : ctx.stdout).write(text);
  return countChecks(checked).failed > 0;
}

export async function printFollowResult(
  ctx: CommandContext,
  outcome: FollowOutcome,
  options: FollowResultOptions,
  now: number,
): Promise<void> {
  const { lockfile, last, end } = outcome;
  const chunks = options.json
    ? statusJsonChunks(lockfile, last.problems, end, now, { event: options.json === "event" })
    : statusTableChunks(lockfile, last.problems, options.manifest, now, { all: options.all, summary: outcome.summary });
  const out = new ChunkedWriter(ctx.stdout);
  for (const chunk of chunks) await out.write(chunk);
  await out.flush();
  if (last.runStopped) ctx.stderr.write(`reelform: status stopped: ${safeText(describeStop(last.runStopped))}\n`);
  if (end === "timeout")
    ctx.stderr.write(
      `reelform: gave up waiting after ${Math.round(options.timeoutMs / 1000)} s; tasks not ended yet are still running (run status again later)\n`,
    );
  if (end === "stopped") ctx.stderr.write(`reelform: stopped; the lockfile holds what was learned so far\n`);
}

function describeStop(error: { code: string; message: string; http_status?: number }): string {
  return error.code === CONFIGURATION_ERROR ? `configuration error: ${error.message}` : accountStopMessage(error);
}
