// Earlier generations' file names, and what counts as an orphaned file (issue 16, item 13).
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EarlierGeneration, TaskRecord } from "../../src/lockfile/types.js";
import { findOrphanedFiles } from "../../src/pull/orphans.js";
import { downloadTargets, expiredEarlierOutputs } from "../../src/pull/targets.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";

const done = (urls: string[], expires?: string): TaskRecord => ({
  state: "succeeded", api_status: "FINISH", checked_at: "x", outputs: urls.map((url) => ({ url, ...(expires ? { expires_at: expires } : {}) })),
});
const earlier = (generation: number, task?: TaskRecord): EarlierGeneration => ({ ...entry(`old-${generation}`), generation, ...(task ? { task } : {}) });

describe("earlier generations' targets", () => {
  it("are <key>.g<N>.<ext> (several outputs: <key>-<n>.g<N>.<ext>), before the current one", () => {
    const lockfile = lockfileWith({
      hero: entry("t3", { generation: 3, task: done(["https://x/3.mp4"]), earlier: [earlier(1, done(["https://x/1.mp4", "https://x/1b.mp4"])), earlier(2, done(["https://x/2.mov"]))] }),
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
    const names = ["hero.mp4", "hero.g1.mp4", "hero.g2.mp4", "multi-2.mp4", "multi-1.g1.mp4.part", "a_1~0badcafe.mp4", "gone.mp4", "gone.mp4.part", "hero.g9.mp4", "notes.txt"];
    for (const name of names) writeFileSync(join(folder, name), "x");
    const lockfile = lockfileWith({
      hero: entry("t", { generation: 3, earlier: [earlier(1), earlier(2)] }),
      multi: entry("t", { generation: 2, earlier: [earlier(1)] }),
      "a#1": entry("t"),
    });
    expect((await findOrphanedFiles(lockfile, dir)).map((p) => p.slice(folder.length + 1))).toEqual(["gone.mp4", "gone.mp4.part", "hero.g9.mp4", "notes.txt"]);
  });

  it("none when the folder does not exist yet", async () => {
    expect(await findOrphanedFiles(lockfileWith({}), join(tmpdir(), "reelform-no-such-dir"))).toEqual([]);
  });
});
