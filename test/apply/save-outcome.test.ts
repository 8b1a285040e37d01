// Where a run's answers go when the lockfile cannot be written: the errored copy, else stderr, and
// how every command reads them back (plan, status and pull in memory; recover into the lockfile).
import { mkdir, mkdtemp, readFile, rmdir } from "node:fs/promises";
import { fileState } from "../../src/apply/file-state.js";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { JournalRecord } from "../../src/apply/records.js";
import { recoverJournal } from "../../src/apply/recover.js";
import { saveRunOutcome } from "../../src/apply/save-outcome.js";
import { parseRecordsText } from "../../src/apply/printed-records.js";
import { erroredPathFor, readEffectiveLockfile } from "../../src/apply/unfolded.js";
import { foldJournal } from "../../src/apply/fold.js";
import { readLockfile } from "../../src/lockfile/io.js";
import { sha256Hex } from "../../src/util/canonical-json.js";
import { systemClock } from "../../src/sched/clock.js";

const at = "2026-01-01T00:00:00.000Z";
const sid = "rf1-abc";
const records: JournalRecord[] = [
  { t: "begin", campaign: "c", at },
  {
    t: "intent",
    key: "a",
    hash: `sha256:${"a".repeat(64)}`,
    generation: 1,
    session_id: sid,
    body: { prompt: "a", session_id: sid },
    at,
  },
  { t: "created", key: "a", session_id: sid, task_id: "task-a", at },
];

function capture(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

function target(lockfilePath: string) {
  const err = capture();
  return {
    err,
    target: {
      state: fileState(lockfilePath, systemClock),
      manifestLabel: "m.yaml",
      label: (p: string) => p,
      stderr: err.stream,
    },
  };
}

describe("saveRunOutcome", () => {
  it("writes the lockfile when it can", async () => {
    const lockfilePath = join(await mkdtemp(join(tmpdir(), "rf-outcome-")), "m.lock.json");
    const { target: t } = target(lockfilePath);
    expect(await saveRunOutcome(t, foldJournal(null, null, records), records)).toBe("lockfile");
    expect((await readLockfile(lockfilePath))?.entries.a?.task_id).toBe("task-a");
  });

  it("falls back to <lockfile>.errored.ndjson, which plan/status/pull read and recover folds in", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rf-outcome-"));
    const lockfilePath = join(dir, "m.lock.json");
    await mkdir(lockfilePath); // the rename over it fails: the lockfile cannot be written
    const { err, target: t } = target(lockfilePath);
    expect(await saveRunOutcome(t, foldJournal(null, null, records), records)).toBe("errored");
    expect(err.text()).toMatch(
      /cannot write .*m\.lock\.json: .*\n.*saved to .*m\.lock\.json\.errored\.ndjson.*reelform recover m\.yaml/,
    );
    expect(existsSync(erroredPathFor(lockfilePath))).toBe(true);
    expect(parseRecordsText(err.text()).records).toEqual(records); // printed too: a CI runner's disk is not kept
  });

  it("prints the records in a block that recover --from reads back when nothing can be written", async () => {
    const lockfilePath = join(await mkdtemp(join(tmpdir(), "rf-outcome-")), "missing-dir", "m.lock.json");
    const { err, target: t } = target(lockfilePath);
    expect(await saveRunOutcome(t, foldJournal(null, null, records), records)).toBe("stderr");
    expect(err.text()).toContain("recover m.yaml --from FILE");
    const saved = `noise before\n${err.text()}\nnoise after\n`;
    expect(parseRecordsText(saved).records).toEqual(records);
    // As a CI log shows it: each line behind a timestamp.
    const ciLog = saved
      .split("\n")
      .map((line) => `2026-01-01T00:00:00.0000000Z ${line}`)
      .join("\n");
    expect(parseRecordsText(ciLog).records).toEqual(records);
  });
});

describe("reading and folding what a run left unfolded", () => {
  it("plan's view equals the lockfile recovery writes, byte for byte (a saved plan's digest holds)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rf-unfolded-"));
    const lockfilePath = join(dir, "m.lock.json");
    await mkdir(lockfilePath);
    const { target: t } = target(lockfilePath);
    await saveRunOutcome(t, foldJournal(null, null, records), records); // -> errored copy
    await rmdir(lockfilePath); // space again
    const view = await readEffectiveLockfile(fileState(lockfilePath, systemClock));
    expect(view.lockfile?.entries.a?.task_id).toBe("task-a");
    expect(view.unfolded?.files).toEqual([erroredPathFor(lockfilePath)]);
    const recovery = await recoverJournal(fileState(lockfilePath, systemClock));
    expect(recovery).toMatchObject({ recorded: 1, inDoubt: 0 });
    expect(sha256Hex(await readFile(lockfilePath))).toBe(view.sha256);
    expect(existsSync(erroredPathFor(lockfilePath))).toBe(false);
  });
});
