// Progress of `--wait --pull`: one line rewritten in place on a terminal, a plain line now and then in CI
// and pipes, and `progress` events with --json. The pipeline emits counts; this decides what to show.
import type { Writable } from "node:stream";
import type { PipelineCounts } from "../pipeline/progress.js";
import { formatDuration } from "../status/duration.js";
import { formatEventJson } from "./apply-json.js";

export type PipelineView = "tty" | "lines" | "json";

export interface PipelineProgress {
  update(counts: PipelineCounts, now: number): void;
  finish(counts: PipelineCounts, now: number): void;
}

const EVERY_MS: Record<PipelineView, number> = { tty: 250, lines: 10_000, json: 5000 };

export function describePipeline(c: PipelineCounts): string {
  const eta = c.eta_ms === undefined ? "" : `, ETA ${formatDuration(c.eta_ms)}`;
  return `${c.submitted} submitted, ${c.generating} generating, ${c.downloaded} downloaded, ${c.failed} failed${eta}`;
}

/** `stream`: stderr for tty and lines, stdout for json (apply's NDJSON stream). */
export function pipelineProgress(view: PipelineView, stream: Writable): PipelineProgress {
  let shownAt = -Infinity;
  let shown = "";
  const show = (counts: PipelineCounts, now: number, final: boolean): void => {
    const text = describePipeline({ ...counts, eta_ms: undefined });
    if (!final && (now - shownAt < EVERY_MS[view] || (view !== "tty" && text === shown))) return;
    shownAt = now;
    shown = text;
    if (view === "json") stream.write(formatEventJson(progressEvent(counts), now));
    else if (view === "tty") stream.write(`\r\x1b[Kpipeline: ${describePipeline(counts)}${final ? "\n" : ""}`);
    else stream.write(`pipeline: ${describePipeline(counts)}\n`);
  };
  return { update: (counts, now) => show(counts, now, false), finish: (counts, now) => show(counts, now, true) };
}

/** --json: `{"event":"progress","time":…,"submitted":…,"generating":…,"downloaded":…,"failed":…,"eta_s":…}`. */
function progressEvent(counts: PipelineCounts): { event: string; [field: string]: unknown } {
  const { eta_ms: eta, ...rest } = counts;
  return { event: "progress", ...rest, ...(eta === undefined ? {} : { eta_s: Math.round(eta / 1000) }) };
}
