// Issue 21: the one preparation every download path uses (pull, apply --wait --pull, status --wait --pull).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EarlierGeneration, TaskRecord } from "../../src/lockfile/types.js";
import { prepareDownloads, retiredKeys } from "../../src/pull/prepare.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";

const sha = (bytes: string) => createHash("sha256").update(bytes).digest("hex");
const done = (url: string, file?: string, expires?: string): TaskRecord => ({
  state: "succeeded",
  api_status: "FINISH",
  checked_at: "x",
  outputs: [
    {
      url,
      ...(expires ? { expires_at: expires } : {}),
      ...(file !== undefined ? { size: file.length, sha256: sha(file) } : {}),
    },
  ],
});

describe("prepareDownloads", () => {
  it("moves an earlier generation's file (sha256 checked) to <key>.g<N> before anything is queued, and leaves out what expired", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reelform-prepare-"));
    mkdirSync(join(dir, "spring"));
    writeFileSync(join(dir, "spring", "hero.mp4"), "generation one");
    writeFileSync(join(dir, "spring", "other.mp4"), "not what the lockfile recorded");
    const g1: EarlierGeneration = {
      ...entry("t1"),
      task: done("https://x/1.mp4", "generation one", "2026-01-01T00:00:00Z"),
    };
    const lockfile = lockfileWith({
      hero: entry("t2", { generation: 2, task: done("https://x/2.mp4"), earlier: [g1] }),
      other: entry("t4", {
        generation: 2,
        task: done("https://x/4.mp4"),
        earlier: [{ ...entry("t3"), task: done("https://x/3.mp4", "generation three") }],
      }),
    });
    const prepared = await prepareDownloads(lockfile, dir, { now: Date.parse("2026-06-01T00:00:00Z") });
    expect(prepared.kept.map((k) => [k.key, k.generation])).toEqual([["hero", 1]]);
    expect(readFileSync(join(dir, "spring", "hero.g1.mp4"), "utf8")).toBe("generation one");
    expect(existsSync(join(dir, "spring", "hero.mp4"))).toBe(false);
    expect(readFileSync(join(dir, "spring", "other.mp4"), "utf8")).toBe("not what the lockfile recorded"); // not an earlier output: left alone
    expect(prepared.expiredEarlier).toBe(1);
    expect(prepared.targets.map((t) => [t.key, t.earlierGeneration])).toEqual([
      ["hero", undefined],
      ["other", 1],
      ["other", undefined],
    ]);
  });

  it("skips retired keys unless asked, and only the keys given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reelform-prepare-"));
    const lockfile = lockfileWith({
      current: entry("t1", { task: done("https://x/1.mp4") }),
      gone: entry("t2", { task: done("https://x/2.mp4"), retired_at: "2026-05-02T00:00:00.000Z" }),
    });
    const keys = async (options: Parameters<typeof prepareDownloads>[2]) =>
      (await prepareDownloads(lockfile, dir, options)).targets.map((t) => t.key);
    expect(await keys({ now: 0 })).toEqual(["current"]);
    expect(await keys({ now: 0, includeRetired: true })).toEqual(["current", "gone"]);
    expect(await keys({ now: 0, includeRetired: true, keys: new Set(["gone"]) })).toEqual(["gone"]);
    expect(retiredKeys(lockfile)).toEqual(["gone"]);
  });
});
