import { open, readFile } from "node:fs/promises";
import { UserError } from "../errors.js";
import { writeAll, type WritableFile } from "../lockfile/write-all.js";
import { DiskWriteError } from "../lockfile/write-error.js";
import { GroupCommit } from "../util/group-commit.js";
import { isJournalRecord, type JournalRecord } from "./records.js";

/** The part of a FileHandle the journal uses (tests inject short writes and ENOSPC through it). */
export interface JournalFile extends WritableFile {
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Append-only NDJSON journal with group commit: every append resolves only once its line is on disk
 * (written in full and fdatasync'd); appends that arrive while a sync is running share the next one.
 * The first failed write or sync (disk full, I/O error) breaks the journal for good: every pending and
 * later append is rejected with a DiskWriteError, so nothing relies on a record that may not be there.
 */
export class JournalWriter {
  private readonly commits = new GroupCommit<string, DiskWriteError>((lines) =>
    this.writeDurably(Buffer.from(lines.join(""), "utf8")),
  );

  /** `size`: bytes already durable in the file (a torn tail past it is cut off after a failure). */
  constructor(
    readonly path: string,
    private readonly file: JournalFile,
    private size: number,
  ) {}

  /** Set by the first failed write or sync. */
  get failure(): DiskWriteError | undefined {
    return this.commits.failure;
  }

  static async open(path: string): Promise<JournalWriter> {
    const handle = await open(path, "a", 0o600).catch((error: unknown) => {
      throw new DiskWriteError(path, error);
    });
    return new JournalWriter(path, handle, (await handle.stat()).size);
  }

  /** Bytes of whole lines on disk (those written before this writer opened the file included). */
  get durableBytes(): number {
    return this.size;
  }

  /** Resolves when the record is durable; rejects (DiskWriteError) when it cannot be made so. */
  append(record: JournalRecord): Promise<void> {
    return this.commits.append(`${JSON.stringify(record)}\n`);
  }

  async close(): Promise<void> {
    await this.commits.drain();
    await this.file.close().catch(() => undefined); // nothing left to write: a failed close loses nothing
  }

  /** Writes every byte and syncs; the failure, if any. */
  private async writeDurably(bytes: Buffer): Promise<DiskWriteError | undefined> {
    try {
      await writeAll(this.file, bytes);
      await this.file.datasync();
      this.size += bytes.length;
      return undefined;
    } catch (error) {
      // Cut the torn tail so that the journal ends with whole lines (and give the space back).
      await this.file.truncate(this.size).catch(() => undefined);
      return new DiskWriteError(this.path, error);
    }
  }
}

export interface JournalContents {
  records: JournalRecord[];
  /** Lines that could not be read: a torn last line after a crash mid-write, or damage. */
  skipped: number;
}

/** Reads a journal; null when there is none. Unreadable lines are skipped, never fatal. */
export async function readJournal(path: string): Promise<JournalContents | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new UserError(
      `cannot read ${path}, which holds the records of an interrupted run: ${(error as Error).message}`,
    );
  }
  return parseJournal(text);
}

export function parseJournal(text: string): JournalContents {
  const records: JournalRecord[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const whole = parseLine(line);
    if (whole) {
      records.push(whole);
      continue;
    }
    skipped += 1;
    // A torn line glued to the next one (its newline lost) still holds that next record whole at its end.
    const tail = recordAfterDamage(line);
    if (tail) records.push(tail);
  }
  return { records, skipped };
}

function recordAfterDamage(line: string): JournalRecord | null {
  for (let at = line.indexOf('{"t":', 1); at > 0; at = line.indexOf('{"t":', at + 1)) {
    const record = parseLine(line.slice(at));
    if (record) return record;
  }
  return null;
}

function parseLine(line: string): JournalRecord | null {
  try {
    const value: unknown = JSON.parse(line);
    return isJournalRecord(value) ? value : null;
  } catch {
    return null;
  }
}
