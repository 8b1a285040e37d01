import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FetchLike } from "../../src/api/http.js";
import type { TaskOutput } from "../../src/lockfile/types.js";
import { pullOutputs, type PulledFile } from "../../src/pull/pull.js";
import { downloadTargets } from "../../src/pull/targets.js";
import { entry, fakeClock, lockfileWith, memoryStore } from "../status/helpers/fakes.js";
import { cutShort, fileHost, serveWithRange } from "./helpers/server.js";

const video = Buffer.from("0123456789".repeat(5000)); // 50 kB
const sha = createHash("sha256").update(video).digest("hex");

function succeeded(outputs: TaskOutput[]) {
  return { state: "succeeded" as const, api_status: "FINISH", checked_at: "2026-11-24T10:00:00Z", outputs };
}

let dir: string;
let host: Awaited<ReturnType<typeof fileHost>> | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "reelform-pull-"));
});
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function pull(store: ReturnType<typeof memoryStore>): Promise<PulledFile[]> {
  const lockfile = (await store.read("x.lock.json")) as NonNullable<ReturnType<typeof store.current>>;
  return pullOutputs("x.lock.json", downloadTargets(lockfile, join(dir, "out")), {
    store,
    fetch: globalThis.fetch as FetchLike,
    clock: fakeClock(),
    parallelism: 2,
  });
}

describe("pull", () => {
  it("downloads each output to DIR/<campaign>/<key>.<ext>, records size and sha256, and a second pull downloads nothing", async () => {
    host = await fileHost({ "/a.mp4": serveWithRange(video) });
    const store = memoryStore(
      lockfileWith({ "hero#2": entry("t1", { task: succeeded([{ url: host.url("/a.mp4"), file_type: "mp4" }]) }) }),
    );
    const first = await pull(store);
    const path = join(dir, "out", "spring", "hero_2.mp4");
    expect(first[0]?.result).toMatchObject({ ok: true, skipped: false, size: video.length, sha256: sha });
    expect(readFileSync(path).equals(video)).toBe(true);
    expect(existsSync(`${path}.part`)).toBe(false);
    expect(store.current()?.entries["hero#2"]?.task?.outputs[0]).toMatchObject({ size: video.length, sha256: sha });
    expect(host.seen.every((r) => r.authorization === undefined)).toBe(true);

    const second = await pull(store);
    expect(second[0]?.result).toMatchObject({ ok: true, skipped: true });
    expect(host.seen).toHaveLength(1);
  });

  it("resumes a truncated download with a Range request on the .part file", async () => {
    const full = serveWithRange(video);
    const part = join(dir, "out", "spring", "a.mp4.part");
    const partHasData = () => existsSync(part) && statSync(part).size > 0;
    host = await fileHost({
      "/v.mp4": (req, res, nth) => (nth === 1 ? cutShort(video, 20_000, partHasData)(req, res) : full(req, res)),
    });
    const store = memoryStore(lockfileWith({ a: entry("t1", { task: succeeded([{ url: host.url("/v.mp4") }]) }) }));
    const [pulled] = await pull(store);
    expect(pulled?.result).toMatchObject({ ok: true, sha256: sha });
    expect(host.seen).toHaveLength(2);
    expect(host.seen[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(host.seen[1]?.range ?? "")?.[0])).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "out", "spring", "a.mp4")).equals(video)).toBe(true);
  });

  it("a .part left by an interrupted run is resumed, and 416 on a complete .part finishes it", async () => {
    host = await fileHost({ "/half.mp4": serveWithRange(video), "/whole.mp4": serveWithRange(video) });
    const campaignDir = join(dir, "out", "spring");
    mkdirSync(campaignDir, { recursive: true });
    writeFileSync(join(campaignDir, "half.mp4.part"), video.subarray(0, 30_000));
    writeFileSync(join(campaignDir, "whole.mp4.part"), video);
    const store = memoryStore(
      lockfileWith({
        half: entry("t1", { task: succeeded([{ url: host.url("/half.mp4") }]) }),
        whole: entry("t2", { task: succeeded([{ url: host.url("/whole.mp4") }]) }),
      }),
    );
    const pulled = await pull(store);
    expect(pulled.map((p) => p.result)).toMatchObject([
      { ok: true, resumedFrom: 30_000, sha256: sha },
      { ok: true, resumedFrom: video.length, sha256: sha },
    ]);
    // The two downloads run in parallel: their requests may arrive in either order.
    expect(host.seen.map((r) => r.range).sort()).toEqual(["bytes=30000-", `bytes=${video.length}-`].sort());
  });

  it("an expired URL is reported without a request, a 404 does not stop the others", async () => {
    host = await fileHost({ "/ok.mp4": serveWithRange(video) });
    const store = memoryStore(
      lockfileWith({
        gone: entry("t1", { task: succeeded([{ url: host.url("/missing.mp4"), storage_mode: "Temporary" }]) }),
        late: entry("t2", { task: succeeded([{ url: host.url("/late.mp4"), expires_at: "2026-11-01T00:00:00Z" }]) }),
        ok: entry("t3", { task: succeeded([{ url: host.url("/ok.mp4") }]) }),
      }),
    );
    const pulled = await pull(store);
    expect(pulled.map((p) => [p.target.key, p.result.ok ? "ok" : p.result.kind])).toEqual([
      ["gone", "expired"],
      ["late", "expired"],
      ["ok", "ok"],
    ]);
    expect(host.seen.map((r) => r.path).sort()).toEqual(["/missing.mp4", "/ok.mp4"]);
  });

  it("records each finished file in the lockfile while the others download, so a killed pull does not fetch it again", async () => {
    const live: { store?: ReturnType<typeof memoryStore> } = {}; // the lockfile as b's request arrives
    const recordedWhenBStarted: unknown[] = [];
    const serve = serveWithRange(video);
    host = await fileHost({
      "/a.mp4": serve,
      "/b.mp4": (req, res) => {
        recordedWhenBStarted.push(live.store?.current()?.entries.a?.task?.outputs[0]?.sha256);
        serve(req, res);
      },
    });
    const store = memoryStore(
      lockfileWith({
        a: entry("t1", { task: succeeded([{ url: host.url("/a.mp4") }]) }),
        b: entry("t2", { task: succeeded([{ url: host.url("/b.mp4") }]) }),
      }),
    );
    live.store = store;
    const targets = downloadTargets((await store.read("x.lock.json"))!, join(dir, "out"));
    const pulled = await pullOutputs("x.lock.json", targets, {
      store,
      fetch: globalThis.fetch as FetchLike,
      clock: fakeClock(),
      parallelism: 1,
      checkpointMs: 0,
    });
    expect(pulled.every((p) => p.result.ok)).toBe(true);
    expect(recordedWhenBStarted).toEqual([sha]);
    expect(store.current()?.entries.b?.task?.outputs[0]).toMatchObject({ size: video.length, sha256: sha });
  });

  it("a checkpoint that cannot take the lock is not an error: its files are recorded by the final write", async () => {
    host = await fileHost({ "/a.mp4": serveWithRange(video), "/b.mp4": serveWithRange(video) });
    const store = memoryStore(
      lockfileWith({
        a: entry("t1", { task: succeeded([{ url: host.url("/a.mp4") }]) }),
        b: entry("t2", { task: succeeded([{ url: host.url("/b.mp4") }]) }),
      }),
    );
    const update = store.update;
    let calls = 0;
    store.update = async (path, mutate) => {
      calls += 1;
      if (calls === 1) throw new Error("held by another process");
      return update(path, mutate);
    };
    const targets = downloadTargets((await store.read("x.lock.json"))!, join(dir, "out"));
    const pulled = await pullOutputs("x.lock.json", targets, {
      store,
      fetch: globalThis.fetch as FetchLike,
      clock: fakeClock(),
      parallelism: 1,
      checkpointMs: 0,
    });
    expect(pulled.every((p) => p.result.ok)).toBe(true);
    expect(calls).toBeGreaterThanOrEqual(2);
    for (const key of ["a", "b"])
      expect(store.current()?.entries[key]?.task?.outputs[0]).toMatchObject({ sha256: sha });
  });

  it("by default writes the lockfile once for a quick pull, not once per file", async () => {
    host = await fileHost({
      "/a.mp4": serveWithRange(video),
      "/b.mp4": serveWithRange(video),
      "/c.mp4": serveWithRange(video),
    });
    const store = memoryStore(
      lockfileWith(
        Object.fromEntries(
          ["a", "b", "c"].map((k, i) => [k, entry(`t${i}`, { task: succeeded([{ url: host!.url(`/${k}.mp4`) }]) })]),
        ),
      ),
    );
    await pull(store);
    expect(store.writes).toBe(1);
  });
});
