// The test cluster helper itself: a real server on loopback, stopped and removed afterwards.
import { existsSync } from "node:fs";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { POSTGRES_SKIP_REASON, postgresAvailable, startCluster, type PgCluster } from "../helpers/postgres.js";

if (!postgresAvailable) console.warn(`skipping PostgreSQL tests: ${POSTGRES_SKIP_REASON}`);

describe.skipIf(!postgresAvailable)("throwaway PostgreSQL cluster", () => {
  let cluster: PgCluster | undefined;
  afterAll(async () => cluster?.destroy());

  it("answers on 127.0.0.1 with a password, survives an immediate stop and restart, and is removed by destroy", async () => {
    cluster = await startCluster();
    const query = async (): Promise<number> => {
      const client = new pg.Client({ connectionString: cluster?.url });
      await client.connect();
      try {
        return Number((await client.query<{ n: number }>("select 41 + 1 as n")).rows[0]?.n);
      } finally {
        await client.end();
      }
    };
    expect(await query()).toBe(42);
    const wrong = new pg.Client({ connectionString: cluster.url.replace(cluster.password, "wrong") });
    await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
    await cluster.stop("immediate");
    await expect(query()).rejects.toThrow(/ECONNREFUSED/);
    await cluster.start();
    expect(await query()).toBe(42);
    const dir = cluster.dir;
    await cluster.destroy();
    expect(existsSync(dir)).toBe(false);
  }, 180_000);
});
