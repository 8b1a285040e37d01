// A campaign's state in PostgreSQL: entries as rows, the write-ahead records as rows committed before a
// request leaves (and its answer committed after), a session-level advisory lock per campaign with a row
// naming its holder (a dead holder's lock goes with its connection). Folding, planning and recovery are the
// same code as for the lockfile (apply/): this module only stores.
import { createHash } from "node:crypto";
import type pg from "pg";
import { UserError } from "../errors.js";
import { describeThisProcess, type LockHandle, type LockInfo } from "../lockfile/mutex.js";
import { serializeLockfile, storedEntryJson } from "../lockfile/serialize.js";
import { fromStoredGeneration, type StoredGeneration } from "../lockfile/stored-shape.js";
import { LOCKFILE_FORMAT_VERSION, type LockEntry, type Lockfile } from "../lockfile/types.js";
import { isJournalRecord, type JournalRecord } from "../apply/records.js";
import type { LoggedRecords, RecordLog, SharedBudget, StateStore } from "../apply/state.js";
import { postgresBudget } from "./shared-budget.js";
import { systemClock } from "../sched/clock.js";
import { sha256Hex } from "../util/canonical-json.js";
import { GroupCommit } from "../util/group-commit.js";
import { LOCK_NAMESPACE } from "./migrate.js";
import { describePgError, StateWriteError } from "./postgres-errors.js";
import type { PostgresSettings } from "./settings.js";

/** Rows fetched per round trip when reading entries. */
const READ_BATCH = 5000;
/** Rows per statement when writing entries (bounded parameters and memory per round trip). */
const WRITE_BATCH = 2000;

export interface PostgresStateOptions {
  client: pg.Client;
  /** Opens another connection to the same database (the shared budget's). */
  connect: () => Promise<pg.Client>;
  settings: PostgresSettings;
  /** The manifest's campaign: the state's key in the database. */
  campaign: string;
  lockfilePath: string;
}

/** The second key of a campaign's advisory lock: 32 bits of the name's sha256 (a collision only makes two campaigns wait for each other). */
export function campaignLockKey(campaign: string): number {
  return createHash("sha256").update(campaign).digest().readInt32BE(0);
}

export function postgresState(options: PostgresStateOptions): StateStore {
  const { client, settings, campaign } = options;
  const where = `${settings.display} (campaign "${campaign}")`;
  const budgets: SharedBudget[] = [];
  const fail = (action: string, error: unknown): never => {
    if (error instanceof UserError) throw error;
    throw new StateWriteError(
      `cannot ${action} the state database ${where}: ${describePgError(error, settings.password)}`,
    );
  };
  const query = async <R extends pg.QueryResultRow>(
    action: string,
    text: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<R>> => {
    try {
      return await client.query<R>(text, values);
    } catch (error) {
      return fail(action, error);
    }
  };

  async function read(): Promise<{ lockfile: Lockfile; sha256: string } | null> {
    const head = await query<{ lockfile_campaign: string; format_version: number }>(
      "read",
      "select lockfile_campaign, format_version from reelform_campaigns where campaign = $1",
      [campaign],
    );
    const row = head.rows[0];
    if (!row) return null;
    // Rows of formats 1 and 2 read by their own format's rules; the next write stores them in the current one.
    const version = row.format_version;
    if (version !== 1 && version !== 2 && version !== LOCKFILE_FORMAT_VERSION)
      throw new UserError(
        `the state of ${where} has format version ${version}; this reelform reads 1 to ${LOCKFILE_FORMAT_VERSION}: upgrade reelform`,
      );
    const entries = Object.create(null) as Record<string, LockEntry>;
    await readEntries((key, entry) => (entries[key] = parseEntry(version, row.lockfile_campaign, key, entry)));
    const lockfile: Lockfile = { format_version: version, campaign: row.lockfile_campaign, entries };
    // Only a saved plan needs the digest: the canonical text of a large recorded set is made when asked for.
    let sha256: string | undefined;
    return {
      lockfile,
      get sha256() {
        return (sha256 ??= sha256Hex(Buffer.from(serializeLockfile(lockfile), "utf8")));
      },
    };
  }

  /** Every entry in key order, a batch of rows at a time through a cursor: the rows of a large campaign are never all held as text at once. */
  async function readEntries(each: (key: string, entry: string) => void): Promise<void> {
    try {
      await client.query("begin");
      await client.query(
        `declare reelform_read no scroll cursor for select key, entry from reelform_entries where campaign = $1 order by key collate "C"`,
        [campaign],
      );
      for (;;) {
        const batch = await client.query<{ key: string; entry: string }>(`fetch ${READ_BATCH} from reelform_read`);
        for (const { key, entry } of batch.rows) each(key, entry);
        if (batch.rows.length < READ_BATCH) break;
      }
      await client.query("commit");
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      fail("read", error);
    }
  }

  /** A row's entry (stored shape, lockfile/stored-shape.ts) as it was recorded. */
  function parseEntry(format: number, lockfileCampaign: string, key: string, text: string): LockEntry {
    try {
      const value: unknown = JSON.parse(text);
      if (isStoredEntry(value)) return fromStoredGeneration(format, lockfileCampaign, key, value);
    } catch {
      // reported below
    }
    throw new UserError(
      `the entry ${JSON.stringify(key)} of ${where} is damaged (not a lockfile entry): restore it from a backup (\`reelform state pull\` output) or remove it by hand`,
    );
  }

  async function write(lockfile: Lockfile): Promise<void> {
    const rows = new Map<string, { text: string; sha: string }>();
    for (const key of Object.keys(lockfile.entries)) {
      const text = storedEntryJson(lockfile.campaign, key, lockfile.entries[key] as LockEntry);
      rows.set(key, { text, sha: sha256Hex(Buffer.from(text, "utf8")) });
    }
    try {
      await client.query("begin");
      await client.query(
        "insert into reelform_campaigns (campaign, format_version, lockfile_campaign) values ($1, $2, $3) on conflict (campaign) do update set format_version = excluded.format_version, lockfile_campaign = excluded.lockfile_campaign",
        [campaign, LOCKFILE_FORMAT_VERSION, lockfile.campaign],
      );
      const existing = await client.query<{ key: string; sha: string }>(
        "select key, sha from reelform_entries where campaign = $1",
        [campaign],
      );
      const removed: string[] = [];
      for (const { key, sha } of existing.rows) {
        const now = rows.get(key);
        if (!now) removed.push(key);
        else if (now.sha === sha) rows.delete(key);
      }
      const changed = [...rows];
      for (let at = 0; at < changed.length; at += WRITE_BATCH) {
        const batch = changed.slice(at, at + WRITE_BATCH);
        await client.query(
          "insert into reelform_entries (campaign, key, sha, entry) select $1, k, s, e from unnest($2::text[], $3::text[], $4::text[]) as t(k, s, e) " +
            "on conflict (campaign, key) do update set sha = excluded.sha, entry = excluded.entry",
          [campaign, batch.map(([k]) => k), batch.map(([, r]) => r.sha), batch.map(([, r]) => r.text)],
        );
      }
      for (let at = 0; at < removed.length; at += WRITE_BATCH) {
        await client.query("delete from reelform_entries where campaign = $1 and key = any($2::text[])", [
          campaign,
          removed.slice(at, at + WRITE_BATCH),
        ]);
      }
      await client.query("commit");
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      fail("write", error);
    }
  }

  async function lock(command: string): Promise<LockHandle> {
    const info = describeThisProcess(command);
    const got = await query<{ ok: boolean }>("lock", "select pg_try_advisory_lock($1, $2) as ok", [
      LOCK_NAMESPACE + 1,
      campaignLockKey(campaign),
    ]);
    if (!got.rows[0]?.ok) {
      const holder = (await liveLocks())[0];
      throw new UserError(
        holder
          ? `${where} is held by ${holder.owner}@${holder.host} (pid ${holder.pid}, \`${holder.command}\`, since ${holder.started_at}). Wait for it to finish; if that process is gone for good, run \`reelform force-unlock ${holder.id}\``
          : `${where} is locked by another session that has not said who it is yet; try again in a moment`,
      );
    }
    // Holding the advisory lock, any row left is a dead holder's: its session ended and took its lock along.
    const stale = await query<LockRow>("lock", "select * from reelform_locks where campaign = $1", [campaign]);
    await query(
      "lock",
      "insert into reelform_locks (campaign, id, command, owner, host, pid, started_at, backend_pid) values ($1, $2, $3, $4, $5, $6, $7, pg_backend_pid()) " +
        "on conflict (campaign) do update set id = excluded.id, command = excluded.command, owner = excluded.owner, host = excluded.host, pid = excluded.pid, started_at = excluded.started_at, backend_pid = excluded.backend_pid",
      [campaign, info.id, info.command, info.owner, info.host, info.pid, info.started_at],
    );
    const handle: LockHandle = {
      info,
      release: async () => {
        // A connection already lost has released the advisory lock with it; the row is then stale and harmless.
        await client
          .query("delete from reelform_locks where campaign = $1 and id = $2", [campaign, info.id])
          .catch(() => undefined);
        await client
          .query("select pg_advisory_unlock($1, $2)", [LOCK_NAMESPACE + 1, campaignLockKey(campaign)])
          .catch(() => undefined);
      },
    };
    const dead = stale.rows[0];
    if (dead) handle.tookOver = lockInfoOf(dead);
    return handle;
  }

  /** Holders whose session is still connected (a row whose session ended is a dead holder's). */
  async function liveLocks(): Promise<LockInfo[]> {
    const rows = await query<LockRow>(
      "read",
      "select l.* from reelform_locks l where l.campaign = $1 and exists (select 1 from pg_stat_activity a where a.pid = l.backend_pid)",
      [campaign],
    );
    return rows.rows.map(lockInfoOf);
  }

  return {
    lockfilePath: options.lockfilePath,
    logName: `the unfolded records of ${where}`,
    logIsFile: false,
    recordName: where,
    recordIsFile: false,
    outageAdvice: "Once the state database is reachable again",
    read,
    async readIfTencent() {
      const found = await query(
        "read",
        'select 1 from reelform_entries where campaign = $1 and entry like \'%"provider":"tencent"%\' limit 1',
        [campaign],
      );
      return found.rows.length > 0 ? ((await read())?.lockfile ?? null) : null;
    },
    write,
    lock,
    locks: liveLocks,
    forceUnlock: (id) => forceUnlockIn(client, settings, id, campaign),
    openLog: async () => new PostgresRecordLog(client, campaign, where, settings.password),
    async readLog(): Promise<LoggedRecords | null> {
      const rows = await query<{ record: string }>(
        "read",
        "select record from reelform_records where campaign = $1 order by seq",
        [campaign],
      );
      if (rows.rows.length === 0) return null;
      const records: JournalRecord[] = [];
      let skipped = 0;
      for (const { record } of rows.rows) {
        const parsed = parseRecord(record);
        if (parsed) records.push(parsed);
        else skipped += 1;
      }
      return { records, skipped };
    },
    async hasLog() {
      return (
        (await query("read", "select 1 from reelform_records where campaign = $1 limit 1", [campaign])).rows.length > 0
      );
    },
    async clearLog() {
      await query("write", "delete from reelform_records where campaign = $1", [campaign]);
    },
    reserve: async () => ({ release: async () => undefined }),
    sharedBudget(account, kind, rate) {
      const budget = postgresBudget({ connect: options.connect, account, kind, rate, clock: systemClock });
      budgets.push(budget);
      return budget;
    },
    close: async () => {
      for (const budget of budgets.splice(0)) await budget.release();
      await client.end().catch(() => undefined);
    },
  };
}

/** A holder row: who (as the lock file says it) and the database session that holds the advisory lock. */
interface LockRow extends LockInfo {
  backend_pid: number;
}

function lockInfoOf(row: LockRow): LockInfo {
  return {
    id: row.id,
    command: row.command,
    owner: row.owner,
    host: row.host,
    pid: row.pid,
    started_at: row.started_at,
  };
}

/**
 * Ends the holder's session (which releases its advisory lock) and removes its row. Without `campaign`, the
 * lock with this id in any campaign. null when no lock has this id.
 */
export async function forceUnlockIn(
  client: pg.Client,
  settings: PostgresSettings,
  id: string,
  campaign?: string,
): Promise<LockInfo | null> {
  try {
    const rows = await client.query<LockRow & { campaign: string }>(
      campaign === undefined
        ? "select * from reelform_locks where id = $1"
        : "select * from reelform_locks where id = $1 and campaign = $2",
      campaign === undefined ? [id] : [id, campaign],
    );
    const row = rows.rows[0];
    if (!row) return null;
    await client.query(
      "select pg_terminate_backend($1) where $1 <> pg_backend_pid() and exists (select 1 from pg_stat_activity where pid = $1)",
      [row.backend_pid],
    );
    await client.query("delete from reelform_locks where campaign = $1 and id = $2", [row.campaign, id]);
    return lockInfoOf(row);
  } catch (error) {
    throw new UserError(
      `cannot remove the lock ${id} in ${settings.display}: ${describePgError(error, settings.password)}`,
    );
  }
}

function isStoredEntry(value: unknown): value is StoredGeneration {
  if (value === null || typeof value !== "object") return false;
  const { hash, session_id, request, body } = value as Record<string, unknown>;
  const isObject = (v: unknown) => v !== null && typeof v === "object";
  // A generation stored with `request` may leave its session_id out (derived from hash, key and generation).
  return typeof hash === "string" && (isObject(request) || (typeof session_id === "string" && isObject(body)));
}

function parseRecord(text: string): JournalRecord | null {
  try {
    const value: unknown = JSON.parse(text);
    return isJournalRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * The write-ahead records as rows, with group commit (util/group-commit.ts): each append resolves once its row
 * is committed; appends that arrive while an insert runs share the next one. The first failure (the database
 * gone) breaks the log for good, so no request leaves without its intent committed.
 */
class PostgresRecordLog implements RecordLog {
  private readonly commits = new GroupCommit<string, StateWriteError>((rows) => this.insert(rows));

  constructor(
    private readonly client: pg.Client,
    private readonly campaign: string,
    private readonly where: string,
    private readonly password: string | undefined,
  ) {}

  get failure(): StateWriteError | undefined {
    return this.commits.failure;
  }

  append(record: JournalRecord): Promise<void> {
    return this.commits.append(JSON.stringify(record));
  }

  close(): Promise<void> {
    return this.commits.drain();
  }

  private async insert(batch: string[]): Promise<StateWriteError | undefined> {
    try {
      await this.client.query(
        "insert into reelform_records (campaign, record) select $1, r from unnest($2::text[]) with ordinality as t(r, n) order by n",
        [this.campaign, batch],
      );
      return undefined;
    } catch (error) {
      return new StateWriteError(
        `cannot write the records of this run to the state database ${this.where}: ${describePgError(error, this.password)}`,
      );
    }
  }
}
