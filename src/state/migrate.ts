// The database schema, created and migrated by reelform itself: a version table, and each migration run in
// one transaction under a transaction-level advisory lock, so two runners starting at once never race (the
// second waits, then finds the work done).
import type pg from "pg";
import { UserError } from "../errors.js";

/** The first of the advisory-lock key pairs reelform uses ("RELF"); the second names what is locked. */
export const LOCK_NAMESPACE = 0x52454c46;
/** Second key of the migration lock (campaign locks use a hash of the campaign's name with LOCK_NAMESPACE + 1). */
const MIGRATION_LOCK = 0;

interface Migration {
  version: number;
  statements: string[];
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      // A campaign's recorded set exists once its row does (a lockfile with no entries is still a lockfile).
      `create table reelform_campaigns (campaign text primary key, format_version integer not null, lockfile_campaign text not null)`,
      // One row per key: the entry's JSON as reelform wrote it, and its sha256 so a write touches only changed rows.
      `create table reelform_entries (campaign text not null, key text not null, sha text not null, entry text not null, primary key (campaign, key))`,
      // The write-ahead records of runs not yet folded (the journal): intents and answers, in order.
      `create table reelform_records (campaign text not null, seq bigserial not null, record text not null, primary key (campaign, seq))`,
      // Who holds a campaign's lock; the lock itself is a session-level advisory lock held by backend_pid.
      `create table reelform_locks (campaign text primary key, id text not null, command text not null, owner text not null, host text not null, pid integer not null, started_at text not null, backend_pid integer not null)`,
      // The create and query budget shared by runners on one account: the next free start slot (GCRA), per account and kind.
      `create table reelform_buckets (account text not null, kind text not null, next_ms double precision not null, primary key (account, kind))`,
      // Runners drawing from a bucket, for fair shares: one row per runner, refreshed while it runs.
      `create table reelform_runners (account text not null, kind text not null, runner text not null, seen_ms double precision not null, primary key (account, kind, runner))`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Brings the schema to SCHEMA_VERSION; refuses a database migrated by a newer reelform. Returns the migrations run. */
export async function migrate(client: pg.ClientBase, display: string): Promise<number[]> {
  await client.query("begin");
  try {
    await client.query("select pg_advisory_xact_lock($1, $2)", [LOCK_NAMESPACE, MIGRATION_LOCK]);
    await client.query(
      "create table if not exists reelform_schema_version (version integer primary key, applied_at timestamptz not null default now())",
    );
    const current = Number(
      (await client.query<{ v: number }>("select coalesce(max(version), 0) as v from reelform_schema_version")).rows[0]
        ?.v ?? 0,
    );
    if (current > SCHEMA_VERSION) {
      throw new UserError(
        `the state database ${display} has schema version ${current}, newer than this reelform knows (${SCHEMA_VERSION}): upgrade reelform`,
      );
    }
    const ran: number[] = [];
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      for (const statement of migration.statements) await client.query(statement);
      await client.query("insert into reelform_schema_version (version) values ($1)", [migration.version]);
      ran.push(migration.version);
    }
    await client.query("commit");
    return ran;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  }
}
