// The PostgreSQL store's reads and writes against a real server, counted per round trip: rows come and go a
// batch at a time (never a whole large campaign in one answer), a write sends only the entries that changed,
// and unchangedSince() tells "unchanged since the last read" without reading the rows again.
import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StateStore } from "../../src/apply/state.js";
import { serializeLockfile } from "../../src/lockfile/serialize.js";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { migrate } from "../../src/state/migrate.js";
import { postgresState } from "../../src/state/postgres-state.js";
import { canonicalJson, sha256Hex } from "../../src/util/canonical-json.js";
import { POSTGRES_SKIP_REASON, postgresAvailable, startCluster, type PgCluster } from "../helpers/postgres.js";
import { resolveStateSettings } from "../../src/state/settings.js";
import { systemClock } from "../../src/sched/clock.js";
import { stateLockfileStore } from "../../src/status/store.js";

if (!postgresAvailable) console.warn(`skipping the PostgreSQL rows test: ${POSTGRES_SKIP_REASON}`);

const FIXTURE = new URL("../fixtures/lockfile/v1-simulator-pulled.lock.json", import.meta.url);
/** More than two read batches (5,000 rows) and several write batches (2,000 rows). */
const COUNT = 12_000;

let cluster: PgCluster | undefined;
let databases = 0;
beforeAll(async () => {
  if (postgresAvailable) cluster = await startCluster();
}, 180_000);
afterAll(async () => cluster?.destroy());

/** A campaign of `count` entries made from the fixture's first one, each with its own key and prompt. */
async function campaignOf(count: number): Promise<Lockfile> {
  const fixture = parseLockfileText(await readFile(FIXTURE, "utf8"), "fixture");
  const template = Object.values(fixture.entries)[0] as LockEntry;
  const entries = Object.create(null) as Record<string, LockEntry>;
  for (let i = 0; i < count; i += 1) {
    const key = `clip-${String(i).padStart(6, "0")}`;
    entries[key] = {
      ...template,
      body: { ...template.body, prompt: `take ${i}`, session_context: `reelform:demo:${key}` },
    } as LockEntry;
  }
  return { format_version: fixture.format_version, campaign: "demo", entries };
}

interface Counted {
  /** Each statement sent and the rows its answer held. */
  log: { text: string; rows: number; params: unknown[] }[];
}

/** A store on a fresh database, its client's statements logged. */
async function openStore(url?: string): Promise<{ state: StateStore; counted: Counted; url: string }> {
  let target = url;
  if (!target) {
    const admin = new pg.Client({ connectionString: cluster!.url });
    await admin.connect();
    const name = `rows_${process.pid}_${(databases += 1)}`;
    await admin.query(`create database ${name}`).finally(() => admin.end());
    target = cluster!.url.replace(/\/reelform$/, `/${name}`);
  }
  const settings = resolveStateSettings({ REELFORM_STATE: target });
  if (settings.kind !== "postgres") throw new Error("not a postgres setting");
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  await migrate(client, settings.display);
  const counted: Counted = { log: [] };
  const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
  (client as unknown as { query: typeof query }).query = async (text: string, values?: unknown[]) => {
    const result = await query(text, values);
    counted.log.push({ text, rows: result.rows?.length ?? 0, params: values ?? [] });
    return result;
  };
  const state = postgresState({
    client,
    connect: () => Promise.reject(new Error("no budget in this test")),
    settings,
    campaign: "demo",
    lockfilePath: "/nowhere/launch.lock.json",
    clock: systemClock,
  });
  return { state, counted, url: target };
}

/** The entries an upsert statement sent. */
function upserted(counted: Counted): string[] {
  return counted.log
    .filter((q) => q.text.startsWith("insert into reelform_entries"))
    .flatMap((q) => q.params[1] as string[]);
}

describe.skipIf(!postgresAvailable)("the PostgreSQL store's rows", { timeout: 240_000 }, () => {
  it("a write of 12,000 entries, then a read: no answer holds more than 5,000 rows, and the set reads back as written", async () => {
    const { state, counted } = await openStore();
    const lockfile = await campaignOf(COUNT);
    await state.write(lockfile);
    expect(upserted(counted)).toHaveLength(COUNT);
    counted.log.length = 0;
    await state.write(lockfile); // the stored shas are read back to compare: a batch at a time too
    const read = await state.read();
    expect(read).not.toBeNull();
    expect(Math.max(...counted.log.map((q) => q.rows)), "rows in one answer").toBeLessThanOrEqual(5000);
    expect(Object.keys(read!.lockfile.entries)).toHaveLength(COUNT);
    expect(canonicalJson(read!.lockfile.entries)).toBe(canonicalJson(lockfile.entries));
    expect(read!.sha256).toBe(sha256Hex(Buffer.from(serializeLockfile(lockfile), "utf8")));
    await state.close();
  });

  it("a write sends only the entries that changed, and deletes the keys no longer in the set", async () => {
    const { state, counted, url } = await openStore();
    const lockfile = await campaignOf(COUNT);
    await state.write(lockfile);
    const next = await campaignOf(COUNT);
    const changedKey = "clip-000007";
    next.entries[changedKey] = { ...next.entries[changedKey]!, note: "changed" };
    delete next.entries["clip-000100"];
    delete next.entries["clip-011999"];
    counted.log.length = 0;
    await state.write(next);
    expect(upserted(counted)).toEqual([changedKey]);
    const deleted = counted.log.filter((q) => q.text.startsWith("delete from reelform_entries"));
    expect(deleted.flatMap((q) => q.params[1] as string[]).sort()).toEqual(["clip-000100", "clip-011999"]);
    await state.close();
    const other = await openStore(url);
    const read = await other.state.read();
    expect(Object.keys(read!.lockfile.entries)).toHaveLength(COUNT - 2);
    expect(read!.lockfile.entries[changedKey]?.note).toBe("changed");
    await other.state.close();
  });

  it("unchangedSince(the set read) is one statement and no entry row; false once another runner or this store wrote, or for another set", async () => {
    const { state, counted, url } = await openStore();
    const lockfile = await campaignOf(300);
    await state.write(lockfile);
    const read = await state.read();
    expect(state.unchangedSince).toBeDefined();
    counted.log.length = 0;
    expect(await state.unchangedSince!(read!.lockfile)).toBe(true);
    expect(counted.log).toHaveLength(1);
    expect(counted.log[0]!.text).not.toContain("reelform_entries");
    // Not the set it read (a copy, or one read before the last read): no promise about it.
    expect(await state.unchangedSince!({ ...read!.lockfile })).toBe(false);

    // Another runner changes one entry: the set read is no longer what is recorded.
    const other = await openStore(url);
    const changed = await campaignOf(300);
    changed.entries["clip-000001"] = { ...changed.entries["clip-000001"]!, note: "elsewhere" };
    await other.state.write(changed);
    await other.state.close();
    expect(await state.unchangedSince!(read!.lockfile)).toBe(false);
    const again = await state.read();
    expect(again!.sha256).toBe(sha256Hex(Buffer.from(serializeLockfile(changed), "utf8")));
    expect(await state.unchangedSince!(again!.lockfile)).toBe(true);
    // This store's own write (even of the same content) renews the version too.
    await state.write(again!.lockfile);
    expect(await state.unchangedSince!(again!.lockfile)).toBe(false);
    await state.close();
  });

  it("nothing recorded: read() is null and unchangedSince() false", async () => {
    const { state } = await openStore();
    expect(await state.read()).toBeNull();
    expect(await state.unchangedSince!({ format_version: 2, campaign: "demo", entries: {} })).toBe(false);
    await state.close();
  });

  it("a status pass on the database updates the set it read (its rows read once); changed meanwhile by another runner, it reads again and loses nothing", async () => {
    const { state, url } = await openStore();
    await state.write(await campaignOf(300));
    let reads = 0;
    const counting: StateStore = { ...state, read: (options) => ((reads += 1), state.read(options)) };
    const store = stateLockfileStore(counting, "status", { clock: systemClock, reuseRead: true });
    await store.read(state.lockfilePath);
    await store.update(state.lockfilePath, (l) => {
      l.entries["clip-000002"] = { ...l.entries["clip-000002"]!, note: "checked" };
    });
    expect(reads, "full reads of the set").toBe(1);

    const again = stateLockfileStore(counting, "status", { clock: systemClock, reuseRead: true });
    await again.read(state.lockfilePath);
    const other = await openStore(url);
    const elsewhere = (await other.state.read())!.lockfile;
    elsewhere.entries["clip-000003"] = { ...elsewhere.entries["clip-000003"]!, note: "elsewhere" };
    await other.state.write(elsewhere);
    await other.state.close();
    await again.update(state.lockfilePath, (l) => {
      l.entries["clip-000004"] = { ...l.entries["clip-000004"]!, note: "checked" };
    });
    expect(reads, "full reads of the set").toBe(3);
    const recorded = (await state.read())!.lockfile.entries;
    expect([recorded["clip-000002"]?.note, recorded["clip-000003"]?.note, recorded["clip-000004"]?.note]).toEqual([
      "checked",
      "elsewhere",
      "checked",
    ]);
    await state.close();
  });

  it("the follower's rounds (issue 24): the set read once, each round sends only the rows it names and hashes no other; another runner's write between rounds is read again and kept", async () => {
    const { state, counted, url } = await openStore();
    await state.write(await campaignOf(COUNT));
    let reads = 0;
    const counting: StateStore = { ...state, read: (options) => ((reads += 1), state.read(options)) };
    const store = stateLockfileStore(counting, "status", { clock: systemClock, keepWritten: true });
    const note = (key: string, text: string) => (l: Lockfile) => {
      l.entries[key] = { ...l.entries[key]!, note: text };
    };
    await store.read(state.lockfilePath);
    for (const key of ["clip-000002", "clip-011000", "clip-000002"]) {
      counted.log.length = 0;
      await store.update(state.lockfilePath, note(key, `round ${key}`), new Set([key]));
      expect(upserted(counted)).toEqual([key]);
      // No statement read the entries' rows or their hashes: one head check, one head upsert, one upsert.
      expect(counted.log.filter((q) => q.text.includes("reelform_entries") && !q.text.startsWith("insert"))).toEqual(
        [],
      );
    }
    expect(reads, "full reads of the set").toBe(1);

    const other = await openStore(url);
    const elsewhere = (await other.state.read())!.lockfile;
    delete elsewhere.entries["clip-000005"]; // `state rm clip-000005` between two rounds
    await other.state.write(elsewhere);
    await other.state.close();
    await store.update(state.lockfilePath, note("clip-000006", "checked"), new Set(["clip-000006"]));
    expect(reads, "full reads of the set").toBe(2);
    await store.update(state.lockfilePath, note("clip-000007", "checked"), new Set(["clip-000007"]));
    expect(reads, "full reads of the set").toBe(2);
    const recorded = (await state.read())!.lockfile.entries;
    expect(Object.keys(recorded)).toHaveLength(COUNT - 1);
    expect(recorded["clip-000005"]).toBeUndefined();
    expect([recorded["clip-000002"]?.note, recorded["clip-000006"]?.note, recorded["clip-000007"]?.note]).toEqual([
      "round clip-000002",
      "checked",
      "checked",
    ]);
    await state.close();
  });
});
