// The pipeline's downloads: recorded in the lockfile before the rename, and a .part the lockfile vouches for
// (a kill between the record and the rename) renamed without a request.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FetchLike } from "../../src/api/http.js";
import { DownloadLane } from "../../src/pipeline/downloads.js";
import { RecordQueue } from "../../src/pipeline/record-queue.js";
import { downloadTargets } from "../../src/pull/targets.js";
import { systemClock } from "../../src/sched/clock.js";
import { entry, lockfileWith, memoryStore } from "../status/helpers/fakes.js";

const URL_A = "https://files.example.com/a.mp4";
const bytes = Buffer.from("0123456789".repeat(1000));
const sha = createHash("sha256").update(bytes).digest("hex");

function succeeded(output: Record<string, unknown> = {}) {
  return entry("t-a", {
    task: { state: "succeeded", api_status: "FINISH", checked_at: "x", outputs: [{ url: URL_A, ...output }] },
  });
}

describe("pipeline downloads", () => {
  it("records size and sha256 in the lockfile before the file takes its final name", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reelform-pipeline-dl-"));
    const store = memoryStore(lockfileWith({ a: succeeded() }));
    const [target] = downloadTargets(lockfileWith({ a: succeeded() }), dir);
    let finalExistedAtRecord: boolean | undefined;
    const records = new RecordQueue("x", {
      ...store,
      update: async (path, mutate) => {
        finalExistedAtRecord = existsSync(target?.path ?? "");
        return store.update(path, mutate);
      },
    });
    const lane = new DownloadLane({
      fetch: (async () => new Response(bytes)) as FetchLike,
      clock: systemClock,
      parallelism: 2,
      records,
    });
    lane.add(target ? [target, target] : []); // the same target twice is queued once
    const [pulled, ...more] = await lane.idle();
    expect(more).toEqual([]);
    expect(pulled?.result).toMatchObject({ ok: true, skipped: false, size: bytes.length, sha256: sha });
    expect(finalExistedAtRecord).toBe(false);
    expect(store.current()?.entries.a?.task?.outputs[0]).toMatchObject({ size: bytes.length, sha256: sha });
    expect(await readFile(target?.path ?? "")).toEqual(bytes);
  });

  it("renames a .part the lockfile already vouches for without fetching it again", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reelform-pipeline-dl-"));
    const recorded = lockfileWith({ a: succeeded({ size: bytes.length, sha256: sha }) });
    const [target] = downloadTargets(recorded, dir);
    await mkdir(join(dir, "spring"), { recursive: true });
    await writeFile(`${target?.path}.part`, bytes);
    let fetched = 0;
    const lane = new DownloadLane({
      fetch: (async () => (fetched++, new Response(bytes))) as FetchLike,
      clock: systemClock,
      parallelism: 1,
      records: new RecordQueue("x", memoryStore(recorded)),
    });
    lane.add(target ? [target] : []);
    const [pulled] = await lane.idle();
    expect(pulled?.result).toMatchObject({ ok: true, skipped: true });
    expect(fetched).toBe(0);
    expect(existsSync(`${target?.path}.part`)).toBe(false);
    expect(await readFile(target?.path ?? "")).toEqual(bytes);
  });
});
