// Earlier generations' file names, and what counts as an orphaned file (issue 16, item 13).
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EarlierGeneration, TaskRecord } from "../../src/lockfile/types.js";
import { findOrphanedFiles } from "../../src/pull/orphans.js";
import type { PulledFile } from "../../src/pull/pull.js";
import { downloadTargets, expiredEarlierOutputs } from "../../src/pull/targets.js";
import { countPulled, renderPullJson, renderPullSummary } from "../../src/report/pull-summary.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";

const done = (urls: string[], expires?: string): TaskRecord => ({
  state: "succeeded",
  api_status: "FINISH",
  checked_at: "x",
  outputs: urls.map((url) => ({ url, ...(expires ? { expires_at: expires } : {}) })),
});
const earlier = (generation: number, task?: TaskRecord): EarlierGeneration => ({
  ...entry(`old-${generation}`),
  generation,
  ...(task ? { task } : {}),
});

describe("earlier generations' targets", () => {
  it("are <key>.g<N>.<ext> (several outputs: <key>-<n>.g<N>.<ext>), before the current one", () => {
    const lockfile = lockfileWith({
      hero: entry("t3", {
        generation: 3,
        task: done(["https://x/3.mp4"]),
        earlier: [earlier(1, done(["https://x/1.mp4", "https://x/1b.mp4"])), earlier(2, done(["https://x/2.mov"]))],
      }),
    });
    expect(downloadTargets(lockfile, "/out").map((t) => [t.path, t.earlierGeneration])).toEqual([
      [join("/out/spring", "hero-1.g1.mp4"), 1],
      [join("/out/spring", "hero-2.g1.mp4"), 1],
      [join("/out/spring", "hero.g2.mov"), 2],
      [join("/out/spring", "hero.mp4"), undefined],
    ]);
  });

  it("skip outputs whose URL has expired (counted, not failed) and generations that never succeeded", () => {
    const lockfile = lockfileWith({
      a: entry("t2", { generation: 2, earlier: [earlier(1, done(["https://x/1.mp4"], "2026-01-01T00:00:00Z"))] }),
      b: entry("t2", { generation: 2, earlier: [earlier(1)] }),
    });
    const now = Date.parse("2026-06-01T00:00:00Z");
    expect(downloadTargets(lockfile, "/out", now)).toEqual([]);
    expect(expiredEarlierOutputs(lockfile, now)).toBe(1);
  });
});

describe("orphaned files", () => {
  it("are files of the campaign folder that belong to no current or kept earlier generation of any key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reelform-orphans-"));
    const folder = join(dir, "spring");
    mkdirSync(join(folder, "sub"), { recursive: true });
    const names = [
      "hero.mp4",
      "hero.g1.mp4",
      "hero.g2.mp4",
      "multi-2.mp4",
      "multi-1.g1.mp4.part",
      "a_1~0badcafe.mp4",
      "gone.mp4",
      "gone.mp4.part",
      "hero.g9.mp4",
      "notes.txt",
    ];
    for (const name of names) writeFileSync(join(folder, name), "x");
    const lockfile = lockfileWith({
      hero: entry("t", { generation: 3, earlier: [earlier(1), earlier(2)] }),
      multi: entry("t", { generation: 2, earlier: [earlier(1)] }),
      "a#1": entry("t"),
    });
    expect((await findOrphanedFiles(lockfile, dir)).map((p) => p.slice(folder.length + 1))).toEqual([
      "gone.mp4",
      "gone.mp4.part",
      "hero.g9.mp4",
      "notes.txt",
    ]);
  });

  it("none when the folder does not exist yet", async () => {
    expect(await findOrphanedFiles(lockfileWith({}), join(tmpdir(), "reelform-no-such-dir"))).toEqual([]);
  });
});

describe("an earlier generation that can no longer be fetched", () => {
  it("is reported as unavailable, not as a failure of the pull", () => {
    const target = {
      key: "hero",
      earlierGeneration: 1,
      index: 0,
      output: { url: "https://x/1.mp4" },
      path: "/out/spring/hero.g1.mp4",
    };
    const pulled: PulledFile[] = [
      { target, result: { ok: false, kind: "gone", message: "HTTP 404" } },
      {
        target: { ...target, earlierGeneration: undefined, path: "/out/spring/hero.mp4" },
        result: { ok: true, skipped: false, size: 3, sha256: "ab", resumedFrom: 0 },
      },
    ];
    expect(countPulled(pulled)).toEqual({ downloaded: 1, skipped: 0, failed: 0, bytes: 3 });
    const doc = JSON.parse(renderPullJson(pulled, (p) => p)) as {
      summary: Record<string, number>;
      files: { status: string }[];
    };
    expect(doc.files.map((f) => f.status)).toEqual(["unavailable", "downloaded"]);
    expect(doc.summary.expired_earlier).toBe(1);
    const text = renderPullSummary(pulled, "m.yaml", 0);
    expect(text).toContain("pulled 1 file(s) (3 bytes), 0 already complete, 0 failed");
    expect(text).toContain(
      "1 output(s) of earlier generations could not be fetched: their URLs have expired (not counted as failed)",
    );
    expect(text).not.toContain("--replace");
  });

  it("while the same failure of a current generation is a failure", () => {
    const pulled: PulledFile[] = [
      {
        target: { key: "hero", index: 0, output: { url: "https://x/1.mp4" }, path: "/out/hero.mp4" },
        result: { ok: false, kind: "gone", message: "HTTP 404" },
      },
    ];
    expect(countPulled(pulled).failed).toBe(1);
  });
});
