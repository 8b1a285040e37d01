import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JournalWriter, readJournal } from "../../src/apply/journal.js";
import type { JournalRecord } from "../../src/apply/records.js";

const at = "2026-01-01T00:00:00.000Z";

describe("JournalWriter", () => {
  it("appends concurrent records as whole lines, all durable when their appends resolve", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rf-journal-"));
    const path = join(dir, "x.lock.json.journal");
    const journal = await JournalWriter.open(path);
    const records: JournalRecord[] = Array.from({ length: 200 }, (_, i) => ({
      t: "unsent",
      key: `k${i}`,
      session_id: `s${i}`,
      at,
    }));
    await Promise.all(records.map((r) => journal.append(r)));
    await journal.close();
    const read = await readJournal(path);
    expect(read?.records).toEqual(records);
    expect((await readFile(path, "utf8")).split("\n")).toHaveLength(201);
  });

  it("appends to an existing journal instead of truncating it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rf-journal-"));
    const path = join(dir, "j");
    for (const campaign of ["one", "two"]) {
      const journal = await JournalWriter.open(path);
      await journal.append({ t: "begin", campaign, at });
      await journal.close();
    }
    expect((await readJournal(path))?.records.map((r) => (r.t === "begin" ? r.campaign : ""))).toEqual(["one", "two"]);
  });

  it("reads no journal as null", async () => {
    expect(await readJournal(join(tmpdir(), "does-not-exist.journal"))).toBeNull();
  });
});
