import { open, readFile, rm, type FileHandle } from "node:fs/promises";
import { isJournalRecord, type JournalRecord } from "./records.js";

export function journalPathFor(lockfilePath: string): string {
  return `${lockfilePath}.journal`;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Append-only NDJSON journal with group commit: every append resolves only once its line is on
 * disk (written and fdatasync'd); appends that arrive while a sync is running share the next one.
 */
export class JournalWriter {
  private pending: string[] = [];
  private waiters: Waiter[] = [];
  private flushing = false;
  /** The latest flush loop: close() waits for it instead of polling. */
  private idle: Promise<void> = Promise.resolve();

  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<JournalWriter> {
    return new JournalWriter(await open(path, "a", 0o600));
  }

  /** Resolves when the record is durable. */
  append(record: JournalRecord): Promise<void> {
    this.pending.push(`${JSON.stringify(record)}\n`);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.flushing) this.idle = this.flushLoop();
    return done;
  }

  async close(): Promise<void> {
    while (this.flushing) await this.idle;
    await this.handle.close();
  }

  private async flushLoop(): Promise<void> {
    this.flushing = true; // set before the first await, cleared in the same turn as the last check
    while (this.pending.length > 0) {
      const lines = this.pending.splice(0).join("");
      const waiters = this.waiters.splice(0);
      try {
        await this.handle.write(lines);
        await this.handle.datasync();
        for (const w of waiters) w.resolve();
      } catch (error) {
        for (const w of waiters) w.reject(error);
      }
    }
    this.flushing = false;
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
    throw error;
  }
  return parseJournal(text);
}

export function parseJournal(text: string): JournalContents {
  const records: JournalRecord[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const parsed = parseLine(line);
    if (parsed) records.push(parsed);
    else skipped += 1;
  }
  return { records, skipped };
}

function parseLine(line: string): JournalRecord | null {
  try {
    const value: unknown = JSON.parse(line);
    return isJournalRecord(value) ? value : null;
  } catch {
    return null;
  }
}

export async function removeJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}
