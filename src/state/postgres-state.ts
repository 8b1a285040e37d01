// A campaign's state in PostgreSQL: entries as rows, the write-ahead records as rows committed before a
// request leaves (and its answer committed after), a session-level advisory lock per campaign with a row
// naming its holder (a dead holder's lock goes with its connection). Folding, planning and recovery are the
// same code as for the lockfile (apply/): this module only stores.
import { createHash } from "node:crypto";
import type pg from "pg";
import { UserError } from "../errors.js";
import { describeThisProcess, type LockHandle, type LockInfo } from "../lockfile/mutex.js";
import { lockfileSha256, storedEntryJson } from "../lockfile/serialize.js";
import { fromStoredGeneration, type StoredGeneration } from "../lockfile/stored-shape.js";
import { LOCKFILE_FORMAT_VERSION, type LockEntry, type Lockfile } from "../lockfile/types.js";
import { isJournalRecord, type JournalRecord } from "../apply/records.js";
import type { LoggedRecords, OneEntry, RecordLog, SharedBudget, StateStore } from "../apply/state.js";
import type { WriteOptions } from "../lockfile/io.js";
import { TimeSlice } from "../util/time-slice.js";
import { postgresBudget } from "./shared-budget.js";
import type { Clock } from "../sched/clock.js";
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
  /** Dates the lock's holder record and paces the shared budget. */
  clock: Clock;
}

/** The second key of a campaign's advisory lock: 32 bits of the name's sha256 (a collision only makes two campaigns wait for each other). */
function campaignLockKey(campaign: string): number {
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

  /**
   * What the last read() saw: the campaign row's version (its xmin, new with every write's upsert of that row)
   * and the set it returned, so unchangedSince() can tell without reading every row again. The set is held
   * weakly (a set its reader dropped is not kept alive here) and forgotten by write().
   */
  let lastRead: { version: string; lockfile: WeakRef<Lockfile>; current: boolean } | undefined;

  async function read(): Promise<{ lockfile: Lockfile; sha256: string } | null> {
    lastRead = undefined;
    // One snapshot for the head row and every entry: a write committed meanwhile is either all in or all out.
    const found = await inTransaction("read", "begin isolation level repeatable read", async () => {
      const head = await client.query<{ lockfile_campaign: string; format_version: number; version: string }>(
        "select lockfile_campaign, format_version, xmin::text as version from reelform_campaigns where campaign = $1",
        [campaign],
      );
      const row = head.rows[0];
      if (!row) return undefined;
      // Rows of formats 1 and 2 read by their own format's rules; the next write stores them in the current one.
      const format = row.format_version;
      if (format !== 1 && format !== 2 && format !== LOCKFILE_FORMAT_VERSION)
        throw new UserError(
          `the state of ${where} has format version ${format}; this reelform reads 1 to ${LOCKFILE_FORMAT_VERSION}: upgrade reelform`,
        );
      const entries = Object.create(null) as Record<string, LockEntry>;
      await eachRow<{ key: string; entry: string }>(
        `select key, entry from reelform_entries where campaign = $1 order by key collate "C"`,
        ({ key, entry }) => (entries[key] = parseEntry(format, row.lockfile_campaign, key, entry)),
      );
      const lockfile: Lockfile = { format_version: format, campaign: row.lockfile_campaign, entries };
      return { version: row.version, lockfile };
    });
    if (!found) return null;
    const current = found.lockfile.format_version === LOCKFILE_FORMAT_VERSION;
    lastRead = { version: found.version, lockfile: new WeakRef(found.lockfile), current };
    return withLazyDigest(found.lockfile);
  }

  /** One row: the entry of `key` as recorded; without it, every key (not the entries); undefined when nothing is recorded. */
  async function readEntry(key: string): Promise<OneEntry | undefined> {
    const found = await query<{ lockfile_campaign: string; format_version: number; entry: string | null }>(
      "read",
      "select c.lockfile_campaign, c.format_version, e.entry from reelform_campaigns c left join reelform_entries e on e.campaign = c.campaign and e.key = $2 where c.campaign = $1",
      [campaign, key],
    );
    const row = found.rows[0];
    // Nothing recorded, or another format version: read() says so.
    const format = row?.format_version;
    if (!row || (format !== 1 && format !== 2 && format !== LOCKFILE_FORMAT_VERSION)) return undefined;
    if (row.entry !== null)
      return { kind: "found", entry: parseEntry(row.format_version, row.lockfile_campaign, key, row.entry) };
    const keys = await query<{ key: string }>(
      "read",
      `select key from reelform_entries where campaign = $1 order by key collate "C"`,
      [campaign],
    );
    return { kind: "missing", keys: keys.rows.map((r) => r.key) };
  }

  /**
   * Whether `lockfile` is the set the last read() returned and the campaign row is still the version that read
   * saw (every write renews it): one statement, no entry read and no digest made. Status asks this under the
   * lock before its update, so the set it read is updated instead of being read a second time.
   */
  async function unchangedSince(lockfile: Lockfile): Promise<boolean> {
    const seen = lastRead;
    if (!seen || seen.lockfile.deref() !== lockfile) return false;
    const head = await query<{ version: string }>(
      "read",
      "select xmin::text as version from reelform_campaigns where campaign = $1",
      [campaign],
    );
    return head.rows[0]?.version === seen.version;
  }

  /** `body` inside a transaction begun with `begin`, committed, or rolled back and reported as failing to `action`. */
  async function inTransaction<T>(action: string, begin: string, body: () => Promise<T>): Promise<T> {
    try {
      await client.query(begin);
      const value = await body();
      await client.query("commit");
      return value;
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      return fail(action, error);
    }
  }

  /**
   * Each row of `select` (whose one parameter is the campaign), a batch at a time through a cursor: the rows of
   * a large campaign are never all held at once. Inside a transaction.
   */
  async function eachRow<R extends pg.QueryResultRow>(select: string, each: (row: R) => void): Promise<void> {
    await client.query(`declare reelform_rows no scroll cursor for ${select}`, [campaign]);
    const slice = new TimeSlice(); // 5,000 entries parsed are more than a few milliseconds: turns between
    for (;;) {
      const batch = await client.query<R>(`fetch ${READ_BATCH} from reelform_rows`);
      for (const row of batch.rows) {
        each(row);
        if (slice.due()) await slice.pause();
      }
      if (batch.rows.length < READ_BATCH) break;
    }
    await client.query("close reelform_rows");
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

  /**
   * Only the rows that differ are sent: the stored shas are read first (through the cursor), then each entry
   * is serialised and hashed in turn and sent in batches when it changed, so the set's text is never all held
   * at once; keys no longer in the set are deleted. With keepWritten and the changed keys named, on the set
   * last read or written here, only those keys' rows are written; unchangedSince() then answers for this set.
   * Either way the loop gives the event loop a turn every few milliseconds.
   */
  async function write(lockfile: Lockfile, changed?: ReadonlySet<string>, options: WriteOptions = {}): Promise<void> {
    const seen = lastRead;
    lastRead = undefined;
    const slice = new TimeSlice();
    // The follower's round (issue 24): only the rows it names, when the set is the one this store last read
    // or wrote (the store checked unchangedSince under the lock), every row already in the current format.
    const onlyChanged = options.keepWritten && changed && seen?.current && seen.lockfile.deref() === lockfile;
    const version = await inTransaction("write", "begin", async () =>
      onlyChanged ? writeNamed(lockfile, changed, slice) : writeAll(lockfile, slice),
    );
    if (options.keepWritten) lastRead = { version, lockfile: new WeakRef(lockfile), current: true };
  }

  /** The campaign row, renewed (its xmin is the version unchangedSince compares); returns that version. */
  async function writeHead(lockfile: Lockfile): Promise<string> {
    const head = await client.query<{ version: string }>(
      "insert into reelform_campaigns (campaign, format_version, lockfile_campaign) values ($1, $2, $3) on conflict (campaign) do update set format_version = excluded.format_version, lockfile_campaign = excluded.lockfile_campaign returning xmin::text as version",
      [campaign, LOCKFILE_FORMAT_VERSION, lockfile.campaign],
    );
    return head.rows[0]?.version ?? "";
  }

  /** The rows of `keys` only: upserted, or deleted when the key is no longer in the set. */
  async function writeNamed(lockfile: Lockfile, keys: ReadonlySet<string>, slice: TimeSlice): Promise<string> {
    const version = await writeHead(lockfile);
    const rows = new ChangedRows(client, campaign);
    const removed: string[] = [];
    for (const key of keys) {
      const entry = Object.hasOwn(lockfile.entries, key) ? lockfile.entries[key] : undefined;
      if (!entry) removed.push(key);
      else {
        const text = storedEntryJson(lockfile.campaign, key, entry);
        await rows.add(key, sha256Hex(Buffer.from(text, "utf8")), text);
      }
      if (slice.due()) await slice.pause();
    }
    await rows.flush();
    await deleteRows(removed);
    return version;
  }

  async function deleteRows(removed: readonly string[]): Promise<void> {
    for (let at = 0; at < removed.length; at += WRITE_BATCH) {
      await client.query("delete from reelform_entries where campaign = $1 and key = any($2::text[])", [
        campaign,
        removed.slice(at, at + WRITE_BATCH),
      ]);
    }
  }

  /** Every entry serialised and hashed in turn; only the rows whose hash differs are sent. */
  async function writeAll(lockfile: Lockfile, slice: TimeSlice): Promise<string> {
    const version = await writeHead(lockfile);
    const stored = new Map<string, string>();
    await eachRow<{ key: string; sha: string }>(
      "select key, sha from reelform_entries where campaign = $1",
      ({ key, sha }) => stored.set(key, sha),
    );
    const changed = new ChangedRows(client, campaign);
    for (const key of Object.keys(lockfile.entries)) {
      const text = storedEntryJson(lockfile.campaign, key, lockfile.entries[key] as LockEntry);
      const sha = sha256Hex(Buffer.from(text, "utf8"));
      const was = stored.get(key);
      stored.delete(key);
      if (was !== sha) await changed.add(key, sha, text);
      if (slice.due()) await slice.pause();
    }
    await changed.flush();
    // What is left in `stored` is no longer in the set.
    const removed = [...stored.keys()];
    stored.clear();
    await deleteRows(removed);
    return version;
  }

  async function lock(command: string): Promise<LockHandle> {
    const info = describeThisProcess(command, options.clock.now());
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
    readEntry,
    unchangedSince,
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
      const budget = postgresBudget({ connect: options.connect, account, kind, rate, clock: options.clock });
      budgets.push(budget);
      return budget;
    },
    close: async () => {
      for (const budget of budgets.splice(0)) await budget.release();
      await client.end().catch(() => undefined);
    },
  };
}

/** The read set, with the sha256 of its canonical bytes made when first asked for (only a saved plan asks). */
function withLazyDigest(lockfile: Lockfile): { lockfile: Lockfile; sha256: string } {
  let sha256: string | undefined;
  return {
    lockfile,
    get sha256() {
      return (sha256 ??= lockfileSha256(lockfile));
    },
  };
}

/** Upserts of changed entries, WRITE_BATCH rows a statement (bounded parameters and memory per round trip). */
class ChangedRows {
  private keys: string[] = [];
  private shas: string[] = [];
  private texts: string[] = [];

  constructor(
    private readonly client: pg.Client,
    private readonly campaign: string,
  ) {}

  async add(key: string, sha: string, text: string): Promise<void> {
    this.keys.push(key);
    this.shas.push(sha);
    this.texts.push(text);
    if (this.keys.length >= WRITE_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.keys.length === 0) return;
    await this.client.query(
      "insert into reelform_entries (campaign, key, sha, entry) select $1, k, s, e from unnest($2::text[], $3::text[], $4::text[]) as t(k, s, e) " +
        "on conflict (campaign, key) do update set sha = excluded.sha, entry = excluded.entry",
      [this.campaign, this.keys, this.shas, this.texts],
    );
    this.keys = [];
    this.shas = [];
    this.texts = [];
  }
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
  ) {
    // The connection lost (the server stopped, the network gone) breaks the log at once, not at the next
    // insert: requests whose intents were written ahead then stay unsent (apply/executor.ts).
    client.on("error", (error) =>
      this.commits.fail(
        new StateWriteError(
          `cannot write the records of this run to the state database ${where}: ${describePgError(error, password)}`,
        ),
      ),
    );
  }

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
