import { describe, expect, it } from "vitest";
import type { PulledFile } from "../../src/pull/pull.js";
import { renderPullJson, renderPullSummary } from "../../src/report/pull-summary.js";

const file = (key: string, result: PulledFile["result"]): PulledFile => ({
  target: { key, index: 0, output: { url: `https://f/${key}.mp4` }, path: `/out/c/${key}.mp4` },
  result,
});

describe("what pull reports", () => {
  const pulled = [
    file("new", { ok: true, skipped: false, size: 100, sha256: "h", resumedFrom: 0 }),
    file("old", { ok: true, skipped: true, size: 50, sha256: "g", resumedFrom: 0 }),
    file("late#1", { ok: false, kind: "expired", message: "the URL expired at 2026-11-01T00:00:00Z" }),
    file("flaky", { ok: false, kind: "network", message: "ECONNRESET; 10 bytes kept in the .part file" }),
  ];

  it("counts, then advises on expired URLs and on retrying the rest", () => {
    const text = renderPullSummary(pulled, "launch.yaml", 1);
    expect(text).toContain("pulled 1 file(s) (100 bytes), 1 already complete, 2 failed");
    expect(text).toContain("1 entry has a task not ended yet: run `reelform status launch.yaml` (or `--wait`) first");
    expect(text).toContain("reelform apply launch.yaml --replace KEY` (late#1)");
    expect(text).toContain("storage_mode: Permanent");
    expect(text).toContain("run pull again to retry the others");
  });

  it("--json lists every file with its status", () => {
    const doc = JSON.parse(renderPullJson(pulled, (p) => p.replace("/out/", "out/")));
    expect(doc.summary).toEqual({
      downloaded: 1,
      skipped: 1,
      failed: 2,
      bytes: 100,
      kept: 0,
      orphaned: 0,
      expired_earlier: 0,
      retired_skipped: 0,
    });
    expect(doc.files[2]).toEqual({
      key: "late#1",
      output_index: 0,
      url: "https://f/late#1.mp4",
      path: "out/c/late#1.mp4",
      status: "failed",
      error: { kind: "expired", message: "the URL expired at 2026-11-01T00:00:00Z" },
    });
  });
});
