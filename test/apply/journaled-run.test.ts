// A whole run with its journal on a real disk: what is recorded when the code itself fails mid-run.
import { mkdtemp } from "node:fs/promises";
import { fileState } from "../../src/apply/file-state.js";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runJournaled } from "../../src/apply/journaled-run.js";
import { readLockfile } from "../../src/lockfile/io.js";
import type { Plan, PlanEntry } from "../../src/plan/types.js";
import { systemClock } from "../../src/sched/clock.js";

function planOf(count: number): Plan {
  const entries = Array.from({ length: count }, (_, i): PlanEntry => ({
    key: `k${i}`,
    mark: "create",
    action: "submit",
    generation: 1,
    session_id: `rf1-${i}`,
    old_hash: null,
    new_hash: `sha256:${String(i).padStart(64, "0")}`,
    body: { prompt: `p${i}` },
    seconds: 5,
  }));
  return {
    format_version: 1,
    campaign: "c",
    manifest: "m.yaml",
    lockfile: "m.lock.json",
    entries,
    summary: {
      counts: { create: count, replace: 0, unchanged: 0, orphan: 0, in_doubt: 0, failed: 0, moved: 0 },
      seconds_by_model: {},
    },
  };
}

describe("runJournaled", () => {
  it("stops at a bug mid-run, records every answer it has (the failed request in doubt), then lets the error through", async () => {
    const lockfilePath = join(await mkdtemp(join(tmpdir(), "rf-run-")), "m.lock.json");
    const never = new AbortController().signal;
    let calls = 0;
    const run = runJournaled(
      planOf(6),
      null,
      { parallelism: 1, rate: 0 },
      {
        state: fileState(lockfilePath, systemClock),
        manifestLabel: "m.yaml",
        label: (p) => p,
        stderr: new Writable({ write: (_c, _e, done) => done() }),
      },
      {
        clock: systemClock,
        emit: () => undefined,
        stopSignal: never,
        abortSignal: never,
        client: async (body) => {
          calls += 1;
          if (calls === 4) throw new TypeError("a bug in the client");
          return { kind: "created", taskId: `task-${String(body.session_id)}` };
        },
      },
    );
    await expect(run).rejects.toThrow("a bug in the client");
    const lockfile = await readLockfile(lockfilePath);
    expect(
      Object.values(lockfile?.entries ?? {})
        .filter((e) => e.task_id)
        .map((e) => e.task_id),
    ).toEqual(["task-rf1-0", "task-rf1-1", "task-rf1-2"]);
    expect(lockfile?.entries.k3?.submission).toBe("in_doubt"); // it may have left: re-sent with its session_id
    expect(calls).toBe(4); // nothing new was sent after the bug
    expect(existsSync(`${lockfilePath}.reserve`)).toBe(false);
    expect(existsSync(`${lockfilePath}.journal`)).toBe(false);
  });
});
