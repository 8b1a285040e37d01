// The review page plays each generation from the very file pull wrote, whatever pull's naming did to it.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EarlierGeneration, LockEntry, Lockfile } from "../../src/lockfile/types.js";
import { downloadTargets } from "../../src/pull/targets.js";
import { sourceFinder } from "../../src/review/media.js";

const output = (n: number) => ({ url: `https://cdn.example/${n}.mp4`, file_type: "mp4" });
const generation = (n: number, outputs: number): EarlierGeneration => ({
  hash: `sha256:${"0".repeat(64)}`,
  generation: n,
  session_id: `s${n}`,
  submission: "created",
  task_id: `t${n}`,
  body: {},
  task: {
    state: "succeeded",
    api_status: "FINISH",
    checked_at: "2026-11-30T00:00:00Z",
    outputs: Array.from({ length: outputs }, (_, i) => output(n * 10 + i)),
  },
});

describe("sourceFinder", () => {
  it("finds an earlier generation with several outputs under pull's own name (<key>-1.g<N>.mp4)", () => {
    const dir = mkdtempSync(join(tmpdir(), "reelform-media-"));
    const entry: LockEntry = { ...generation(2, 1), earlier: [generation(1, 2)] };
    const lockfile: Lockfile = { format_version: 1, campaign: "c", entries: { hero: entry } };
    mkdirSync(join(dir, "c"));
    for (const t of downloadTargets(lockfile, dir)) writeFileSync(t.path, "x");
    const find = sourceFinder(lockfile, { dir, link: (p) => p, now: 0 });
    expect(find("hero", entry, true)).toEqual({ src: join(dir, "c", "hero.mp4"), from: "file" });
    expect(find("hero", entry.earlier![0]!, false)).toEqual({ src: join(dir, "c", "hero-1.g1.mp4"), from: "file" });
  });
});
