// The journal writer under the faults a full disk really produces: a write that returns fewer bytes
// than asked with no error (seen on a full tmpfs), ENOSPC/EIO from write or fdatasync.
import { mkdtemp, open, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JournalWriter, readJournal, type JournalFile } from "../../src/apply/journal.js";
import type { JournalRecord } from "../../src/apply/records.js";

const at = "2026-01-01T00:00:00.000Z";
const unsent = (i: number): JournalRecord => ({ t: "unsent", key: `k${i}`, session_id: `s${i}`, at });
const errno = (code: string): Error => Object.assign(new Error(`${code}: simulated`), { code });

/** A real file whose writes are cut short, or fail, as the scenario says. */
async function faultyFile(
  behave: (call: number, length: number) => number | Error,
  syncError?: () => Error | undefined,
) {
  const path = join(await mkdtemp(join(tmpdir(), "rf-journal-faults-")), "x.lock.json.journal");
  const handle = await open(path, "a", 0o600);
  let calls = 0;
  const file: JournalFile = {
    async write(buffer, offset, length) {
      const outcome = behave((calls += 1), length);
      if (outcome instanceof Error) throw outcome;
      return handle.write(buffer, offset, Math.min(length, outcome));
    },
    async datasync() {
      const error = syncError?.();
      if (error) throw error;
      await handle.datasync();
    },
    truncate: (length) => handle.truncate(length),
    close: () => handle.close(),
  };
  return { path, writer: new JournalWriter(path, file, 0), calls: () => calls };
}

describe("JournalWriter under disk faults", () => {
  it("completes short writes: every record is whole on disk when its append resolves", async () => {
    const { path, writer, calls } = await faultyFile(() => 7); // at most 7 bytes per write() call
    const records = Array.from({ length: 20 }, (_, i) => unsent(i));
    await Promise.all(records.map((r) => writer.append(r)));
    await writer.close();
    expect(calls()).toBeGreaterThan(20);
    expect((await readJournal(path))?.records).toEqual(records);
  });

  it("rejects the appends of a failed write (ENOSPC), and every later one, naming the path and 'disk is full'", async () => {
    const { path, writer } = await faultyFile((call, length) =>
      call === 1 ? length : call === 2 ? 5 : errno("ENOSPC"),
    );
    await writer.append(unsent(1));
    const failed = writer.append(unsent(2));
    await expect(failed).rejects.toThrow(`cannot write ${path}: the disk is full`);
    await expect(writer.append(unsent(3))).rejects.toThrow(/disk is full/);
    await writer.close();
    // The torn 5 bytes of record 2 were cut off: the journal ends with whole lines only.
    expect(await readFile(path, "utf8")).toBe(`${JSON.stringify(unsent(1))}\n`);
  });

  it("treats a failed fdatasync (EIO) like a failed write: not durable, so rejected", async () => {
    let syncs = 0;
    const { path, writer } = await faultyFile(
      (_, length) => length,
      () => ((syncs += 1) === 2 ? errno("EIO") : undefined),
    );
    await writer.append(unsent(1));
    await expect(writer.append(unsent(2))).rejects.toThrow(/I\/O error/);
    expect(writer.failure?.path).toBe(path);
    await writer.close();
    expect((await readJournal(path))?.records).toEqual([unsent(1)]);
  });

  it("fails, rather than spinning, when write() keeps returning 0 bytes", async () => {
    const { writer } = await faultyFile(() => 0);
    await expect(writer.append(unsent(1))).rejects.toThrow(/disk is full/);
    await writer.close();
  });
});
