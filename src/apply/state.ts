// The state seam: where a campaign's recorded set, its write-ahead records and its lock live. Every command
// reads and writes state through this interface; two implementations exist, the lockfile and journal beside
// the manifest (apply/file-state.ts, the default) and PostgreSQL (state/postgres-state.ts, REELFORM_STATE).
// Folding, planning and recovery are the same code for both: only these few operations differ.
import type { ReadOptions, WriteOptions } from "../lockfile/io.js";
import type { LockHandle, LockInfo } from "../lockfile/mutex.js";
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import type { UserError } from "../errors.js";
import type { JournalRecord } from "./records.js";
import type { SpaceReserve } from "./reserve.js";
import type { SharedBudget } from "./shared-budget.js";

export type { SharedBudget };

/** An open write-ahead log: every append resolves once its record is durable (fsync'd, or committed). */
export interface RecordLog {
  append(record: JournalRecord): Promise<void>;
  close(): Promise<void>;
  /** Set by the first failed write: every later append is rejected with it (exit code "state not writable"). */
  readonly failure?: UserError | undefined;
}

export interface LoggedRecords {
  records: JournalRecord[];
  /** Unreadable lines or rows (a torn line after a crash, damage). */
  skipped: number;
}

export type OneEntry = { kind: "found"; entry: LockEntry } | { kind: "missing"; keys: string[] };

export interface StateStore {
  /** The lockfile beside the manifest: names the campaign in messages, and the local errored copy sits beside it. */
  readonly lockfilePath: string;
  /** Where the log of a killed run lives, as messages name it: a file path, or the database's words. */
  readonly logName: string;
  /** Whether `logName` is a local file (messages show files relative to the current directory). */
  readonly logIsFile: boolean;
  /** How messages name the recorded set: a lockfile path, or the database's words. */
  readonly recordName: string;
  readonly recordIsFile: boolean;
  /** What to do before `reelform recover` when the state could not be written. */
  readonly outageAdvice: string;
  /** The recorded set and the sha256 of its canonical bytes (saved plans record it); null when none yet. */
  read(options?: ReadOptions): Promise<{ lockfile: Lockfile; sha256: string } | null>;
  /**
   * One recorded entry without the others (`show` at 500,000 entries): the lockfile's bytes bisected, or one
   * row. "missing" with every recorded key (for a "did you mean") when there is no such key; undefined when
   * this cheap read cannot answer (nothing recorded, a file not as reelform writes it): read() then gives the
   * full answer, with its diagnostics. Does not fold unfolded records.
   */
  readEntry(key: string, options?: ReadOptions): Promise<OneEntry | undefined>;
  /** Cheaper than read() where only tencent entries matter: null when the recorded set holds none. */
  readIfTencent(): Promise<Lockfile | null>;
  /**
   * The sha256 read() would give, without parsing (null: nothing recorded), where that is much cheaper than
   * read() (the lockfile: hashing its bytes). Absent elsewhere.
   */
  digest?(): Promise<string | null>;
  /**
   * Whether the recorded set is still the one a read() of this store returned as `lockfile` (nothing written
   * since), where that is much cheaper than digest() (the database: its campaign row's version, no sha256 of
   * the whole set to make). Absent elsewhere.
   */
  unchangedSince?(lockfile: Lockfile): Promise<boolean>;
  /**
   * True when the recorded set is still exactly what `lockfile` was read from (read with keepSource), told
   * without parsing it again (the lockfile: its bytes compared). Absent where the state cannot tell cheaply.
   */
  sameAsRead?(lockfile: Lockfile): Promise<boolean>;
  /**
   * Replaces the recorded set atomically. `changed`, when given, names the only entries that differ from what
   * read() gave: the others may be written as they were read (the lockfile copies their bytes).
   * `keepWritten`: the caller keeps using `lockfile`; afterwards sameAsRead()/unchangedSince() answer for what
   * was written, so the next update starts from it without reading the recorded set again.
   */
  write(lockfile: Lockfile, changed?: ReadonlySet<string>, options?: WriteOptions): Promise<void>;
  /** The campaign's lock (one writer at a time): fails fast naming the holder. */
  lock(command: string): Promise<LockHandle>;
  /** The holders of locks this store can see (force-unlock). */
  locks(): Promise<LockInfo[]>;
  /** Removes the lock with this id, whoever holds it; its holder, or null when no such lock exists. */
  forceUnlock(id: string): Promise<LockInfo | null>;
  openLog(): Promise<RecordLog>;
  /** The log a killed run left (not yet folded); null when there is none. */
  readLog(): Promise<LoggedRecords | null>;
  /** Whether such a log exists (cheap: status and pull mention it). */
  hasLog(): Promise<boolean>;
  /** Forgets the log once it is folded into the recorded set. */
  clearLog(): Promise<void>;
  /** Room set aside for the final write (the file backend reserves disk space; nothing to reserve elsewhere). */
  reserve(bytes: number): Promise<SpaceReserve>;
  /**
   * The account's rate shared with every runner that uses the same state database (PostgreSQL); undefined
   * where state is not shared (the lockfile): the run keeps its own rate.
   */
  sharedBudget?(account: string, kind: "create" | "query", rate: number): SharedBudget;
  /** Ends the connection, if any. */
  close(): Promise<void>;
}
