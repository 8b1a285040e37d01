import { describe, expect, it } from "vitest";
import { parseDuration, parseLatency } from "../../src/simulator/duration.js";
import { resolveRange } from "../../src/simulator/file-content.js";
import { decideFault, noFaults } from "../../src/simulator/faults.js";
import { ABORTED, endingFor, endingForPrompt, progressAt } from "../../src/simulator/lifecycle.js";
import { simulatorOptionsFromFlags, type SimulatorFlags } from "../../src/simulator/cli-options.js";
import { mulberry32 } from "../../src/simulator/prng.js";
import { RateWindow } from "../../src/simulator/rate-window.js";

describe("durations", () => {
  it.each([
    ["200ms", 200],
    ["3s", 3000],
    ["1.5m", 90_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
    ["250", 250],
  ])("%s = %i ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });
  it("rejects text that is not a duration", () => {
    expect(parseDuration("soon")).toMatchObject({ ok: false, error: expect.stringContaining("200ms") });
  });
  it("reads latency ranges", () => {
    expect(parseLatency("100-300ms")).toEqual({ ok: true, latency: { minMs: 100, maxMs: 300 } });
    expect(parseLatency("1s-2s")).toEqual({ ok: true, latency: { minMs: 1000, maxMs: 2000 } });
    expect(parseLatency("300ms-100ms").ok).toBe(false);
  });
});

describe("Range header", () => {
  it.each([
    [undefined, { kind: "full" }],
    ["bytes=0-9", { kind: "partial", start: 0, end: 9 }],
    ["bytes=90-", { kind: "partial", start: 90, end: 99 }],
    ["bytes=-10", { kind: "partial", start: 90, end: 99 }],
    ["bytes=-1000", { kind: "partial", start: 0, end: 99 }],
    ["bytes=100-", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    ["bytes=5-2", { kind: "unsatisfiable" }],
    ["bytes=0-1,5-6", { kind: "full" }],
    ["items=0-1", { kind: "full" }],
  ])("%s on 100 bytes", (header, expected) => {
    expect(resolveRange(header, 100)).toEqual(expected);
  });
});

describe("fault decisions", () => {
  const never = () => 0.99;
  it("prefers a marker, then a countdown, then dice", () => {
    const faults = { ...noFaults(), reset: { marker: "BOOM" }, http5xx: { next: 1 }, http429: { probability: 1 } };
    expect(decideFault(faults, 0, { route: "create", prompt: "BOOM" }, never)).toEqual({
      kind: "reset",
      trigger: "marker",
    });
    expect(decideFault(faults, 0, { route: "create", prompt: "x" }, never)).toEqual({
      kind: "http5xx",
      trigger: "next",
    });
    expect(faults.http5xx.next).toBe(0);
    expect(decideFault(faults, 0, { route: "create", prompt: "x" }, never)).toEqual({
      kind: "http429",
      trigger: "probability",
    });
  });
  it("leaves queries alone unless a rule watches them", () => {
    const faults = { ...noFaults(), http5xx: { next: 1 } };
    expect(decideFault(faults, 0, { route: "query", prompt: undefined }, never)).toBeUndefined();
    expect(faults.http5xx.next).toBe(1);
  });
});

describe("endings chosen by the prompt", () => {
  it.each([
    ["plain prompt", { kind: "success" }],
    ["FAIL_ME", { kind: "failed", errCodeExt: "ContentModerationFailed" }],
    ["x FAIL_ME:TaskTimeout y", { kind: "failed", errCodeExt: "TaskTimeout" }],
    ["FAIL_ME:InvalidParameter.VoilationContent", { kind: "failed", errCodeExt: "InvalidParameter.VoilationContent" }],
    ["ABORT_ME", { kind: "aborted", errCodeExt: "OperationCanceled" }],
  ])("%s", (prompt, expected) => {
    expect(endingForPrompt(prompt, "FAIL_ME", "ABORT_ME")).toMatchObject(expected);
  });
});

describe("rate window", () => {
  it("admits N per sliding second and says how long to wait", () => {
    const window = new RateWindow();
    expect(window.admit(0, 2)).toBeUndefined();
    expect(window.admit(100, 2)).toBeUndefined();
    expect(window.admit(200, 2)).toBe(1);
    expect(window.admit(1000, 2)).toBeUndefined();
    expect(window.admit(0, 0)).toBeUndefined();
  });

  it("counts arrivals answered out of order (each after its own latency) and keeps the oldest first", () => {
    const window = new RateWindow();
    expect(window.admit(500, 2)).toBeUndefined(); // arrived at 500, answered first
    expect(window.admit(100, 2)).toBeUndefined(); // arrived earlier, answered after a longer latency
    expect(window.admit(900, 2)).toBe(1); // two in (−100, 900]: refused; Retry-After from the oldest, 100
    // 100 leaves the window at 1100, 500 at 1500: one more fits at 1100, none at 1400
    expect(window.admit(1100, 2)).toBeUndefined();
    expect(window.admit(1400, 2)).toBe(1);
    expect(window.admit(1500, 2)).toBeUndefined();
  });
});

describe("--abort-share", () => {
  const settings = { failMarker: "FAIL_ME", abortMarker: "ABORT_ME", abortShare: 0.25 };
  it("aborts about that share of the tasks, the same ones for the same seed, whatever their prompt", () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 400 },
        (_, i) => endingFor(i % 2 ? "a FAIL_ME clip" : "a clip", settings, mulberry32(seed)).kind,
      );
    const random = mulberry32(3);
    const endings = Array.from({ length: 400 }, () => endingFor("a clip", settings, random));
    const aborted = endings.filter((e) => e.kind === "aborted").length;
    expect(aborted).toBeGreaterThan(70);
    expect(aborted).toBeLessThan(130);
    expect(endings.find((e) => e.kind === "aborted")).toEqual(ABORTED);
    expect(draw(9)).toEqual(draw(9));
  });
  it("with a share of 0 draws nothing: the prompt alone decides", () => {
    const random = () => {
      throw new Error("no draw expected");
    };
    expect(endingFor("a FAIL_ME clip", { ...settings, abortShare: 0 }, random)).toMatchObject({ kind: "failed" });
  });
});

describe("--progress", () => {
  const timeline = { createdAt: 0, beginAt: 10_000, finishAt: 60_000 };
  it("linear rises 1..99 while processing; stuck-99 reports 99 from the start of processing to the end", () => {
    expect([5_000, 10_000, 35_000, 59_999, 60_000].map((t) => progressAt(timeline, t))).toEqual([0, 1, 50, 99, 100]);
    expect([5_000, 10_000, 35_000, 59_999, 60_000].map((t) => progressAt(timeline, t, "stuck-99"))).toEqual([
      0, 99, 99, 99, 100,
    ]);
  });
  it("is read from the flag, and anything else is refused naming it", () => {
    const flags = {
      port: "0",
      host: "127.0.0.1",
      latency: "0ms",
      failRate: "0",
      rate: "20",
      seed: "1",
      taskDuration: "3s",
      failMarker: "FAIL_ME",
      temporaryTtl: "7d",
    } satisfies SimulatorFlags;
    expect(simulatorOptionsFromFlags({ ...flags, progress: "stuck-99" }, () => "")).toMatchObject({
      ok: true,
      options: { progress: "stuck-99" },
    });
    expect(simulatorOptionsFromFlags({ ...flags, progress: "stuck" }, () => "")).toEqual({
      ok: false,
      error: '--progress must be linear or stuck-99, got "stuck"',
    });
  });
});
