// Which entries are looked up by session_id, and what a lookup records (a fake provider stands in for
// DescribeTasks; the real one is covered by sdk-errors.test.ts and the end-to-end tests).
import { describe, expect, it } from "vitest";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";
import type { ProviderRegistry } from "../../src/provider/registry.js";
import { recoverBySession } from "../../src/provider/session-recovery.js";
import { systemClock } from "../../src/sched/clock.js";
import type { Provider, SessionLookup, SessionLookupOutcome } from "../../src/provider/types.js";

const NOW = Date.parse("2026-11-30T12:00:00Z");
const HOUR = 3_600_000;

function entry(session: string, submission: LockEntry["submission"], overrides: Partial<LockEntry> = {}): LockEntry {
  return {
    hash: `sha256:${"0".repeat(64)}`,
    generation: 1,
    session_id: session,
    submission,
    provider: "tencent",
    submitted_at: new Date(NOW - HOUR).toISOString(),
    body: {},
    ...overrides,
  };
}

function registry(answer: (lookup: SessionLookup) => SessionLookupOutcome): {
  providers: ProviderRegistry;
  lookups: SessionLookup[];
} {
  const lookups: SessionLookup[] = [];
  const provider = {
    name: "tencent",
    origin: { provider: "tencent" },
    findBySessions: async (lookup: SessionLookup) => (lookups.push(lookup), answer(lookup)),
  } as unknown as Provider;
  return { providers: { submitter: () => provider, forEntry: () => provider }, lookups };
}

const lockfile = (entries: Record<string, LockEntry>): Lockfile => ({ format_version: 1, campaign: "c", entries });

describe("recoverBySession", () => {
  it("looks up tencent entries without a TaskId inside the window, and records what it finds", async () => {
    const { providers, lookups } = registry(() => ({
      ok: true,
      found: new Map([
        ["s-doubt", "t-1"],
        ["s-dup", "t-2"],
      ]),
      pages: 1,
    }));
    const before = lockfile({
      doubt: entry("s-doubt", "in_doubt"),
      dup: entry("s-dup", "duplicate", {
        error: { code: "InvalidParameterValue.SessionId", message: "used" },
        note: "TaskId lost",
      }),
      missing: entry("s-missing", "in_doubt"),
      old: entry("s-old", "in_doubt", { submitted_at: new Date(NOW - 73 * HOUR).toISOString() }),
      gateway: entry("s-gw", "in_doubt", { provider: undefined }),
      created: entry("s-created", "created", { task_id: "t-0" }),
    });
    const result = await recoverBySession(before, providers, NOW, undefined, systemClock);
    expect([...(lookups[0]?.sessionIds ?? [])].sort()).toEqual(["s-doubt", "s-dup", "s-missing"]);
    expect(lookups[0]).toMatchObject({ after: NOW - HOUR - 10 * 60_000, before: NOW + 10 * 60_000 });
    expect(result?.report).toEqual({
      looked: 3,
      found: [
        { key: "doubt", task_id: "t-1", was: "in_doubt" },
        { key: "dup", task_id: "t-2", was: "duplicate" },
      ],
      notFound: ["missing"],
    });
    expect(result?.lockfile.entries.dup).toMatchObject({
      submission: "created",
      task_id: "t-2",
      provider: "tencent",
      note: expect.stringContaining("found by session_id"),
    });
    expect(result?.lockfile.entries.dup?.error).toBeUndefined();
    expect(result?.lockfile.entries.missing).toEqual(before.entries.missing);
    expect(result?.lockfile.entries.old).toEqual(before.entries.old);
  });

  it("does nothing when no entry needs it, and keeps entries as they were when the lookup fails", async () => {
    const { providers, lookups } = registry(() => ({
      ok: false,
      error: { code: "AuthFailure.SignatureFailure", message: "no" },
      retryable: false,
    }));
    expect(
      await recoverBySession(
        lockfile({ a: entry("s-a", "created", { task_id: "t" }) }),
        providers,
        NOW,
        undefined,
        systemClock,
      ),
    ).toBeNull();
    expect(lookups).toHaveLength(0);
    const before = lockfile({ a: entry("s-a", "in_doubt") });
    const result = await recoverBySession(before, providers, NOW, undefined, systemClock);
    expect(result?.report).toMatchObject({
      looked: 1,
      found: [],
      notFound: [],
      error: { code: "AuthFailure.SignatureFailure" },
    });
    expect(result?.lockfile).toEqual(before);
  });
});

describe("recoverBySession's retries", () => {
  const failing = (): SessionLookupOutcome => ({
    ok: false,
    error: { code: "InternalError", message: "busy" },
    retryable: true,
  });

  it("retries a transient lookup failure 3 times in all, waiting on the clock it is given", async () => {
    const { providers, lookups } = registry(failing);
    const sleeps: number[] = [];
    const clock = { random: () => 1, sleep: async (ms: number) => void sleeps.push(ms) };
    const result = await recoverBySession(lockfile({ a: entry("s-a", "in_doubt") }), providers, NOW, undefined, clock);
    expect(lookups).toHaveLength(3);
    expect(sleeps).toEqual([1000, 2000]);
    expect(result?.report.error).toMatchObject({ code: "InternalError" });
  });

  it("Ctrl-C during the wait between attempts ends it at once, with no further lookup", async () => {
    const { providers, lookups } = registry(failing);
    const stop = new AbortController();
    const sleeps: number[] = [];
    const clock = {
      random: () => 1,
      sleep: (ms: number, signal?: AbortSignal) => (
        sleeps.push(ms),
        new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }))
      ),
    };
    const pending = recoverBySession(lockfile({ a: entry("s-a", "in_doubt") }), providers, NOW, stop.signal, clock);
    await new Promise((r) => setImmediate(r));
    expect(sleeps).toHaveLength(1);
    stop.abort();
    const result = await pending;
    expect(lookups).toHaveLength(1);
    expect(result?.report.error).toMatchObject({ code: "InternalError" });
  });
});
