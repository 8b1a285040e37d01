import { describe, expect, it } from "vitest";
import type { RunSummary } from "../../src/apply/events.js";
import { formatEventJson } from "../../src/report/apply-json.js";
import { formatEventLine, formatSummary } from "../../src/report/apply-lines.js";
import { ApplyProgress } from "../../src/report/apply-progress.js";

const summary: RunSummary = {
  total: 4,
  created: 1,
  rejected: [{ key: "bad", code: "InvalidParameterValue.Prompt", message: "prompt too long" }],
  duplicate: [{ key: "dup", code: "InvalidParameterValue.SessionId", message: "repeated" }],
  in_doubt: [],
  failed: [],
  not_started: 1,
  interrupted: false,
  elapsed_ms: 1234,
};

describe("apply output", () => {
  it("--json: one object per line, event first, then time, then stable fields", () => {
    const line = formatEventJson(
      { event: "created", key: "a", task_id: "t", attempts: 1 },
      Date.parse("2026-01-01T00:00:00Z"),
    );
    expect(line.endsWith("\n")).toBe(true);
    expect(Object.keys(JSON.parse(line))).toEqual(["event", "time", "key", "task_id", "attempts"]);
  });

  it("plain lines name the key, the code and the message", () => {
    expect(formatEventLine({ event: "rejected", key: "bad", code: "InvalidParameter", message: "no" })).toBe(
      "rejected  bad  InvalidParameter: no",
    );
    expect(
      formatEventLine({
        event: "retry",
        key: "k",
        attempt: 1,
        delay_ms: 250,
        code: "rate_limited",
        message: "",
        http_status: 429,
      }),
    ).toContain("HTTP 429 rate_limited");
  });

  it("the summary lists every problem by key, and says how to get a new generation for a duplicate", () => {
    const text = formatSummary(summary, "launch.yaml");
    expect(text).toContain("1 created, 1 rejected, 1 duplicate");
    expect(text).toContain("rejected  bad: InvalidParameterValue.Prompt: prompt too long");
    expect(text).toContain("reelform apply launch.yaml --replace 'dup'");
  });

  it("never recommends --retry-failed for rejections it would not resend", () => {
    const text = formatSummary(summary, "launch.yaml");
    expect(text).not.toMatch(/resubmit them with --retry-failed/);
    expect(text).toContain(
      "--retry-failed does not resend them (they would be refused again): send one again as it is with --replace KEY, or all of them with --retry-all-failed",
    );
    const transient = formatSummary(
      { ...summary, rejected: [{ key: "busy", code: "ResourceInsufficient", message: "no capacity" }] },
      "launch.yaml",
    );
    expect(transient).toContain("1 rejection(s) worth retrying: reelform apply launch.yaml --retry-failed");
  });

  it("progress counts done, each outcome in the summary's words, and retrying", () => {
    let now = 0;
    const p = new ApplyProgress(() => now);
    p.update({ event: "start", total: 10, parallelism: 2, rate: 0 });
    p.update({ event: "retry", key: "a", attempt: 1, delay_ms: 1, code: "x", message: "" });
    p.update({ event: "created", key: "b", task_id: "t", attempts: 1 });
    p.update({ event: "rejected", key: "c", code: "x", message: "" });
    now = 1000;
    expect(p.line()).toBe("2/10 done · 1 created · 1 rejected · 1 retrying · 2.0/s · ETA 4s");
  });
});

describe("progress and summary use the same words (issue 16)", () => {
  it("six duplicates are '6 duplicate' on the live line, as in the summary, not '6 failed'", () => {
    const p = new ApplyProgress(() => 1000);
    p.update({ event: "start", total: 6, parallelism: 2, rate: 0 });
    const dups: RunSummary["duplicate"] = [];
    for (let i = 0; i < 6; i++) {
      p.update({ event: "duplicate", key: `k${i}`, code: "InvalidParameterValue.SessionId", message: "repeated" });
      dups.push({ key: `k${i}`, code: "InvalidParameterValue.SessionId", message: "repeated" });
    }
    expect(p.line()).toContain("6/6 done · 0 created · 6 duplicate · 0 retrying");
    expect(p.line()).not.toContain("failed");
    const text = formatSummary(
      {
        total: 6,
        created: 0,
        rejected: [],
        duplicate: dups,
        in_doubt: [],
        failed: [],
        not_started: 0,
        interrupted: false,
        elapsed_ms: 5,
      },
      "m.yaml",
    );
    expect(text).toContain("0 created, 0 rejected, 6 duplicate, 0 in doubt, 0 failed, 0 not started");
  });

  it("in-doubt answers and a fatal answer that may have created a task count as 'in doubt', like the summary", () => {
    const p = new ApplyProgress(() => 1000);
    p.update({ event: "start", total: 3, parallelism: 1, rate: 0 });
    p.update({ event: "in_doubt", key: "a", code: "Timeout" });
    p.update({ event: "fatal", key: "b", code: "AuthFailure", message: "no", in_doubt: true });
    p.update({ event: "fatal", key: "c", code: "AuthFailure", message: "no" });
    expect(p.line()).toContain("3/3 done · 0 created · 2 in doubt · 1 failed");
  });
});
