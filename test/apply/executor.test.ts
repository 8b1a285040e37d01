import { describe, expect, it } from "vitest";
import type { CreateOutcome } from "../../src/api/types.js";
import type { ApplyEvent } from "../../src/apply/events.js";
import { executeSubmissions, type ExecutorDeps } from "../../src/apply/executor.js";
import type { JournalRecord } from "../../src/apply/records.js";
import type { SubmitItem } from "../../src/apply/submit-one.js";
import { exitCodeFor } from "../../src/apply/summary.js";
import type { JsonObject } from "../../src/util/canonical-json.js";
import { VirtualClock } from "./virtual-clock.js";

function items(n: number): SubmitItem[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `k${String(i).padStart(3, "0")}`,
    hash: `sha256:${i}`,
    generation: 1,
    session_id: `rf1-${i}`,
    body: { prompt: `p${i}`, session_id: `rf1-${i}` },
  }));
}

type Script = (body: JsonObject, attempt: number) => CreateOutcome;
const created: Script = (body) => ({ kind: "created", taskId: `task-${String(body.session_id)}`, requestId: "r" });
const throttled: CreateOutcome = {
  kind: "retryable",
  error: { code: "rate_limited", message: "slow", http_status: 429 },
  maybeCreated: false,
};
const timeout: CreateOutcome = {
  kind: "retryable",
  error: { code: "Timeout", message: "no answer" },
  maybeCreated: true,
};

/** A fake API: answers after `latencyMs` of virtual time; records every call and the peak in flight. */
function harness(script: Script, latencyMs = 100) {
  const clock = new VirtualClock();
  const calls: { key: string; at: number; session_id: string }[] = [];
  const attempts = new Map<string, number>();
  const journal: JournalRecord[] = [];
  const events: ApplyEvent[] = [];
  let inFlight = 0;
  let peak = 0;
  const stop = new AbortController();
  const abort = new AbortController();
  const deps: ExecutorDeps = {
    clock,
    emit: (e) => events.push(e),
    journal: { append: async (r) => void journal.push(r) },
    stopSignal: stop.signal,
    abortSignal: abort.signal,
    client: async (body, signal) => {
      const sid = String(body.session_id);
      const attempt = (attempts.get(sid) ?? 0) + 1;
      attempts.set(sid, attempt);
      calls.push({ key: String(body.prompt), at: clock.now(), session_id: sid });
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await clock.sleep(latencyMs, signal);
      inFlight -= 1;
      if (signal.aborted)
        return { kind: "retryable", error: { code: "Aborted", message: "aborted" }, maybeCreated: true };
      return script(body, attempt);
    },
  };
  return { clock, calls, journal, events, deps, stop, abort, peak: () => peak };
}

describe("executeSubmissions", () => {
  it("never has more than `parallelism` requests in flight, and keeps that many busy", async () => {
    const h = harness(created, 100);
    const { summary } = await h.clock.run(executeSubmissions(items(20), { parallelism: 4, rate: 0 }, h.deps));
    expect(h.peak()).toBe(4);
    expect(summary.created).toBe(20);
    expect(summary.elapsed_ms).toBe(500); // 20 / 4 * 100 ms: the ideal
    expect(exitCodeFor(summary)).toBe(0);
  });

  it("starts requests at the configured rate (rate-bound run within a few percent of ideal)", async () => {
    const h = harness(created, 50);
    const { summary } = await h.clock.run(executeSubmissions(items(100), { parallelism: 64, rate: 20 }, h.deps));
    const span = (h.calls.at(-1)?.at ?? 0) - (h.calls[0]?.at ?? 0);
    expect(span).toBeGreaterThanOrEqual(99 * 50 - 1); // never faster than 20/s
    expect(span).toBeLessThanOrEqual(99 * 50 * 1.03);
    expect(summary.created).toBe(100);
  });

  it("writes each intent before its request leaves and the result after the answer", async () => {
    const h = harness(created);
    const order: string[] = [];
    const client = h.deps.client;
    h.deps.client = (body, signal) => (order.push(`send ${String(body.session_id)}`), client(body, signal));
    h.deps.journal = { append: async (r) => void order.push(`${r.t} ${"session_id" in r ? r.session_id : ""}`) };
    await h.clock.run(executeSubmissions(items(1), { parallelism: 1, rate: 0 }, h.deps));
    expect(order).toEqual(["intent rf1-0", "send rf1-0", "created rf1-0"]);
  });

  it("writes intents at most `parallelism` items ahead of the requests in flight", async () => {
    const h = harness(created);
    const intentsAtSend: number[] = [];
    const client = h.deps.client;
    const open = (): number =>
      h.journal.filter((r) => r.t === "intent").length - h.journal.filter((r) => r.t === "created").length;
    h.deps.client = (body, signal) => (intentsAtSend.push(open()), client(body, signal));
    await h.clock.run(executeSubmissions(items(10), { parallelism: 2, rate: 0 }, h.deps));
    expect(Math.max(...intentsAtSend)).toBeLessThanOrEqual(4); // 2 in flight + 2 ahead
    expect(h.journal.filter((r) => r.t === "intent")).toHaveLength(10);
  });

  it("retries a 429 after Retry-After with the same session_id, and slows the shared rate", async () => {
    const h = harness((body, attempt) =>
      attempt === 1 ? { ...throttled, retryAfterMs: 2_000 } : created(body, attempt),
    );
    const { summary } = await h.clock.run(executeSubmissions(items(1), { parallelism: 1, rate: 20 }, h.deps));
    expect(h.calls.map((c) => c.session_id)).toEqual(["rf1-0", "rf1-0"]);
    expect((h.calls[1]?.at ?? 0) - (h.calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(2_100);
    expect(h.events).toContainEqual({ event: "rate", rate: 10, reason: "throttled" });
    expect(h.events).toContainEqual(
      expect.objectContaining({ event: "retry", key: "k000", attempt: 1, code: "rate_limited", http_status: 429 }),
    );
    expect(summary.created).toBe(1);
  });

  it("returns to the configured rate after a quiet period", async () => {
    const h = harness(
      (body, attempt) => (body.session_id === "rf1-0" && attempt === 1 ? throttled : created(body, attempt)),
      50,
    );
    await h.clock.run(executeSubmissions(items(200), { parallelism: 8, rate: 20 }, h.deps));
    const rates = h.events.filter((e) => e.event === "rate");
    expect(rates[0]).toEqual({ event: "rate", rate: 10, reason: "throttled" });
    expect(rates.at(-1)).toEqual({ event: "rate", rate: 20, reason: "recovered" });
  });

  it("does not retry a rejection, records it with the API's code, and goes on with the others", async () => {
    const rejected: CreateOutcome = {
      kind: "rejected",
      error: { code: "InvalidParameterValue.Prompt", message: "bad prompt", http_status: 200 },
    };
    const h = harness((body, attempt) => (body.session_id === "rf1-1" ? rejected : created(body, attempt)));
    const { summary, records } = await h.clock.run(executeSubmissions(items(3), { parallelism: 1, rate: 0 }, h.deps));
    expect(h.calls.filter((c) => c.session_id === "rf1-1")).toHaveLength(1);
    expect(summary.created).toBe(2);
    expect(summary.rejected).toEqual([{ key: "k001", code: "InvalidParameterValue.Prompt", message: "bad prompt" }]);
    expect(records).toContainEqual(expect.objectContaining({ t: "rejected", key: "k001", error: rejected.error }));
    expect(exitCodeFor(summary)).toBe(1);
  });

  it("stops the run at once on a fatal answer (auth), sending nothing more", async () => {
    const fatal: CreateOutcome = {
      kind: "fatal",
      error: { code: "invalid_api_key", message: "bad key", http_status: 401 },
    };
    const h = harness((body, attempt) => (body.session_id === "rf1-1" ? fatal : created(body, attempt)));
    const { summary, records } = await h.clock.run(executeSubmissions(items(5), { parallelism: 1, rate: 0 }, h.deps));
    expect(h.calls).toHaveLength(2);
    expect(summary).toMatchObject({ created: 1, not_started: 3, fatal: { key: "k001", code: "invalid_api_key" } });
    // k001 was refused (never created); k002's intent had been written ahead and it never left.
    expect(records.filter((r) => r.t === "unsent").map((r) => ("key" in r ? r.key : ""))).toEqual(["k001", "k002"]);
    expect(records.filter((r) => r.t === "in_doubt")).toHaveLength(0);
    expect(h.events).toContainEqual({ event: "stopping", reason: "fatal" });
    expect(exitCodeFor(summary)).toBe(1);
  });

  it("gives up after the retry budget: in doubt when an attempt may have reached the API", async () => {
    const h = harness(() => timeout);
    const { summary, records } = await h.clock.run(
      executeSubmissions(
        items(1),
        { parallelism: 1, rate: 0 },
        { ...h.deps, backoff: { maxAttempts: 3, baseMs: 100, capMs: 1000 } },
      ),
    );
    expect(h.calls).toHaveLength(3);
    expect(summary.in_doubt).toEqual([{ key: "k000", code: "Timeout", message: "no answer" }]);
    expect(records.at(-1)).toMatchObject({ t: "in_doubt", key: "k000" });
  });

  it("gives up after the retry budget: failed (nothing created) when every attempt was refused at the door", async () => {
    const h = harness(() => throttled);
    const { summary, records } = await h.clock.run(
      executeSubmissions(
        items(1),
        { parallelism: 1, rate: 0 },
        { ...h.deps, backoff: { maxAttempts: 3, baseMs: 100, capMs: 1000 } },
      ),
    );
    expect(summary.failed).toHaveLength(1);
    expect(records.at(-1)).toMatchObject({ t: "unsent", key: "k000" });
  });

  it("records a duplicate session answer as duplicate", async () => {
    const dup: CreateOutcome = {
      kind: "duplicate",
      error: { code: "InvalidParameterValue.SessionId", message: "repeated" },
    };
    const h = harness(() => dup);
    const { summary, records } = await h.clock.run(executeSubmissions(items(1), { parallelism: 1, rate: 0 }, h.deps));
    expect(summary.duplicate).toHaveLength(1);
    expect(records.at(-1)).toMatchObject({ t: "duplicate", session_id: "rf1-0" });
  });

  it("on Ctrl-C starts nothing new, lets requests in flight finish, and reports an interruption", async () => {
    const h = harness(created, 100);
    const run = executeSubmissions(items(10), { parallelism: 2, rate: 0 }, h.deps);
    void h.clock.sleep(150).then(() => h.stop.abort());
    const { summary } = await h.clock.run(run);
    expect(summary).toMatchObject({ created: 4, not_started: 6, interrupted: true });
    expect(exitCodeFor(summary)).toBe(130);
  });

  it("on a second Ctrl-C aborts requests in flight, which become in doubt", async () => {
    const h = harness(created, 1_000);
    const run = executeSubmissions(items(4), { parallelism: 2, rate: 0 }, h.deps);
    void h.clock.sleep(100).then(() => h.stop.abort());
    void h.clock.sleep(200).then(() => h.abort.abort());
    const { summary, records } = await h.clock.run(run);
    expect(summary).toMatchObject({ created: 0, not_started: 2, interrupted: true });
    expect(summary.in_doubt.map((e) => e.key)).toEqual(["k000", "k001"]);
    expect(records.filter((r) => r.t === "in_doubt")).toHaveLength(2);
  });

  it("aborts requests in flight when they outlast the bounded drain after Ctrl-C", async () => {
    const h = harness(created, 60_000);
    const run = executeSubmissions(items(2), { parallelism: 2, rate: 0 }, { ...h.deps, drainMs: 5_000 });
    void h.clock.sleep(10).then(() => h.stop.abort());
    const { summary } = await h.clock.run(run);
    expect(summary.in_doubt).toHaveLength(2);
    expect(summary.elapsed_ms).toBe(5_010);
  });

  it("sends no request whose intent was written ahead once the journal has failed (the state database died)", async () => {
    const h = harness(created, 100);
    // Intents are written ahead of the requests in flight; the log breaks while the first four are in flight.
    let failure: Error | undefined;
    const written = h.deps.journal;
    h.deps.journal = {
      append: async (r) => (failure ? Promise.reject(failure) : written.append(r)),
      get failure() {
        return failure;
      },
    };
    void h.clock.sleep(50).then(() => (failure = new Error("cannot write the state database: connection lost")));
    const { summary } = await h.clock.run(executeSubmissions(items(20), { parallelism: 4, rate: 0 }, h.deps));
    expect(h.calls.map((c) => c.at)).toEqual([0, 0, 0, 0]);
    expect(summary.created).toBe(4);
    expect(summary.fatal?.code).toBe("JournalWriteFailed");
    expect(h.journal.filter((r) => r.t === "intent").length).toBeGreaterThan(4);
  });
});
