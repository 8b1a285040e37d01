import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { describePipeline, pipelineProgress, type PipelineView } from "../../src/report/pipeline-progress.js";

function capture(view: PipelineView) {
  let text = "";
  const stream = new Writable({ write: (chunk: Buffer, _e, done) => ((text += chunk.toString()), done()) });
  return { progress: pipelineProgress(view, stream), text: () => text };
}

const counts = (generating: number, downloaded: number) => ({
  submitted: 10,
  generating,
  downloaded,
  failed: 1,
  eta_ms: 42_000,
});

describe("pipeline progress", () => {
  it("says submitted, generating, downloaded, failed and the ETA", () => {
    expect(describePipeline(counts(4, 5))).toBe("10 submitted, 4 generating, 5 downloaded, 1 failed, ETA 42s");
  });

  it("--json: progress events with eta_s, at most every 5 s, and the last one always", () => {
    const { progress, text } = capture("json");
    progress.update(counts(4, 5), 0);
    progress.update(counts(3, 6), 1000); // too soon
    progress.finish(counts(0, 9), 2000);
    const events = text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events).toEqual([
      {
        event: "progress",
        time: "1970-01-01T00:00:00.000Z",
        submitted: 10,
        generating: 4,
        downloaded: 5,
        failed: 1,
        eta_s: 42,
      },
      {
        event: "progress",
        time: "1970-01-01T00:00:02.000Z",
        submitted: 10,
        generating: 0,
        downloaded: 9,
        failed: 1,
        eta_s: 42,
      },
    ]);
  });

  it("CI lines: only when the counts changed, at most every 10 s; a terminal rewrites one line", () => {
    const lines = capture("lines");
    lines.progress.update(counts(4, 5), 0);
    lines.progress.update(counts(4, 5), 20_000); // unchanged
    lines.progress.update(counts(3, 5), 25_000);
    expect(lines.text()).toBe(
      "pipeline: 10 submitted, 4 generating, 5 downloaded, 1 failed, ETA 42s\npipeline: 10 submitted, 3 generating, 5 downloaded, 1 failed, ETA 42s\n",
    );
    const tty = capture("tty");
    tty.progress.update(counts(4, 5), 0);
    tty.progress.finish(counts(0, 9), 100);
    expect(tty.text()).toBe(
      "\r\x1b[Kpipeline: 10 submitted, 4 generating, 5 downloaded, 1 failed, ETA 42s\r\x1b[Kpipeline: 10 submitted, 0 generating, 9 downloaded, 1 failed, ETA 42s\n",
    );
  });
});
