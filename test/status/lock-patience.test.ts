// status, pull and import wait for the apply lock a second at a time, on the command's clock (src/sched's
// retryWithBackoff): only "held by another process" (a UserError) is worth waiting for.
import { describe, expect, it } from "vitest";
import type { StateStore } from "../../src/apply/state.js";
import { UserError } from "../../src/errors.js";
import { stateLockfileStore } from "../../src/status/store.js";

function lockedState(refusal: () => Error): { state: StateStore; attempts: () => number } {
  let attempts = 0;
  const state = {
    lockfilePath: "/nowhere/launch.lock.json",
    lock: async () => {
      attempts += 1;
      throw refusal();
    },
  } as unknown as StateStore;
  return { state, attempts: () => attempts };
}

describe("waiting for the apply lock", () => {
  it("tries lockAttempts times, a second apart on the given clock, then names the holder", async () => {
    const { state, attempts } = lockedState(() => new UserError("held by apply (pid 42)"));
    const sleeps: number[] = [];
    const clock = { sleep: async (ms: number) => void sleeps.push(ms) };
    const store = stateLockfileStore(state, "status", { lockAttempts: 3, clock });
    await expect(store.update(state.lockfilePath, () => undefined)).rejects.toThrow("held by apply (pid 42)");
    expect(attempts()).toBe(3);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("does not wait on any other failure", async () => {
    const { state, attempts } = lockedState(() => new Error("EACCES"));
    const sleeps: number[] = [];
    const store = stateLockfileStore(state, "pull", { clock: { sleep: async (ms: number) => void sleeps.push(ms) } });
    await expect(store.update(state.lockfilePath, () => undefined)).rejects.toThrow("EACCES");
    expect(attempts()).toBe(1);
    expect(sleeps).toEqual([]);
  });
});
