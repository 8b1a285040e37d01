// The two state backends end-to-end tests run against: the lockfile (always) and PostgreSQL (when its server
// binaries are installed; otherwise the suite says so and runs the file backend alone). Each campaign folder
// gets its own database, so tests never see each other's state.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { fromStoredGeneration, type StoredGeneration } from "../../src/lockfile/stored-shape.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { runCli } from "./exec.js";
import { POSTGRES_SKIP_REASON, postgresAvailable, startCluster, type PgCluster } from "./postgres.js";

interface RecordedLock {
  campaign?: string;
  entries: Record<string, { submission: string; task_id?: string; session_id: string; generation: number }>;
}

export interface StateBackend {
  name: "file" | "postgres";
  /** The environment that points the CLI at this campaign's state (a fresh database for postgres). */
  prepare(lockfile: string): Promise<Record<string, string>>;
  /** The recorded set, as the lockfile would hold it; throws when there is none. */
  readLock(lockfile: string): Promise<RecordedLock>;
  /** What a run leaves while it runs or after a crash: its journal (records) and its lock. */
  leftovers(lockfile: string): Promise<{ journal: boolean; lock: boolean }>;
  /** The write-ahead records a running or killed run has made durable (its journal, or its rows). */
  logged(lockfile: string): Promise<Record<string, unknown>[]>;
  /**
   * Makes the lockfile written at `lockfile` this campaign's recorded set: for postgres, `state push` of the
   * manifest beside it (which names the campaign) into the database prepared for it, then the file is removed,
   * so that only the database holds it. Call after prepare().
   */
  adopt(lockfile: string, manifest: string): Promise<void>;
  /** The cluster (postgres only), to stop and start it. */
  cluster(): PgCluster | undefined;
}

export const fileBackend: StateBackend = {
  name: "file",
  prepare: async () => ({}),
  // Read as reelform reads it: format 2 leaves out what the rest of an entry gives (lockfile/stored-shape.ts).
  readLock: async (lockfile) => parseLockfileText(await readFile(lockfile, "utf8"), lockfile) as RecordedLock,
  leftovers: async (lockfile) => ({ journal: existsSync(`${lockfile}.journal`), lock: existsSync(`${lockfile}.lock`) }),
  async logged(lockfile) {
    const text = await readFile(`${lockfile}.journal`, "utf8").catch(() => "");
    return text.split("\n").flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  },
  adopt: async () => undefined,
  cluster: () => undefined,
};

/** A PostgreSQL backend whose cluster lives for the calling test file (started in beforeAll, removed in afterAll). */
export function postgresBackend(): StateBackend {
  let cluster: PgCluster | undefined;
  const urls = new Map<string, string>();
  let next = 0;
  beforeAll(async () => {
    cluster = await startCluster();
  }, 180_000);
  afterAll(async () => cluster?.destroy());
  const withClient = async <T>(lockfile: string, use: (client: pg.Client) => Promise<T>): Promise<T> => {
    const url = urls.get(lockfile);
    if (!url) throw new Error(`no database prepared for ${lockfile}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: "postgres",
    async prepare(lockfile) {
      if (!cluster) throw new Error("the cluster did not start");
      const name = `t${process.pid}_${(next += 1)}`;
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query(`create database ${name}`).finally(() => admin.end());
      const url = cluster.url.replace(/\/reelform$/, `/${name}`);
      urls.set(lockfile, url);
      return { REELFORM_STATE: url };
    },
    readLock: (lockfile) =>
      withClient(lockfile, async (client) => {
        const head = await client.query<{ lockfile_campaign: string; format_version: number }>(
          "select lockfile_campaign, format_version from reelform_campaigns",
        );
        if (head.rows.length === 0) throw new Error("nothing recorded in the database");
        const rows = await client.query<{ key: string; entry: string }>(
          `select key, entry from reelform_entries order by key collate "C"`,
        );
        const entries = Object.create(null) as RecordedLock["entries"];
        const campaign = head.rows[0]?.lockfile_campaign ?? "";
        const format = head.rows[0]?.format_version ?? 1;
        for (const row of rows.rows)
          entries[row.key] = fromStoredGeneration(format, campaign, row.key, JSON.parse(row.entry) as StoredGeneration);
        return { campaign, entries };
      }),
    leftovers: (lockfile) =>
      withClient(lockfile, async (client) => {
        const journal = (await client.query("select 1 from reelform_records limit 1")).rows.length > 0;
        const lock =
          (
            await client.query(
              "select 1 from reelform_locks l where exists (select 1 from pg_stat_activity a where a.pid = l.backend_pid)",
            )
          ).rows.length > 0;
        return { journal, lock };
      }),
    // Before the CLI has created its tables there is nothing logged (polled while a run starts).
    logged: (lockfile) =>
      withClient(lockfile, async (client) => {
        const rows = await client
          .query<{ record: string }>("select record from reelform_records order by seq")
          .catch(() => ({ rows: [] }));
        return rows.rows.map((row) => JSON.parse(row.record) as Record<string, unknown>);
      }),
    async adopt(lockfile, manifest) {
      const url = urls.get(lockfile);
      if (!url) throw new Error(`no database prepared for ${lockfile}`);
      const pushed = await runCli(["state", "push", manifest], { env: { REELFORM_STATE: url } });
      if (pushed.code !== 0) throw new Error(`state push ${manifest} failed (${pushed.code}): ${pushed.stderr}`);
      await rm(lockfile);
    },
    cluster: () => cluster,
  };
}

/** Both backends (postgres only when installed, else a warning once): for describe.each. */
export function stateBackends(): StateBackend[] {
  if (!postgresAvailable) {
    console.warn(`state backends: running the file backend only: ${POSTGRES_SKIP_REASON}`);
    return [fileBackend];
  }
  return [fileBackend, postgresBackend()];
}
