import { describe, expect, it } from "vitest";
import { parseDurationMs } from "../../src/util/duration.js";
import { parseDuration as simulatorDuration } from "../../src/simulator/duration.js";
import { parseDuration as flagDuration } from "../../src/status/duration.js";

describe("one duration syntax for every flag", () => {
  it.each([
    ["500ms", 500],
    ["90s", 90_000],
    ["1.5m", 90_000],
    ["1h30m", 5_400_000],
    ["1m 30s", 90_000],
    ["2d", 172_800_000],
    [" 3s ", 3000],
  ])("%j is %d ms whatever the bare unit", (text, ms) => {
    expect(parseDurationMs(text, "s")).toBe(ms);
    expect(parseDurationMs(text, "ms")).toBe(ms);
  });

  it("a bare number takes the unit its flag documents", () => {
    expect(parseDurationMs("30", "s")).toBe(30_000);
    expect(parseDurationMs("30", "ms")).toBe(30);
    expect(flagDuration("30", "--timeout")).toBe(30_000);
    expect(simulatorDuration("30")).toEqual({ ok: true, ms: 30 });
  });

  it.each(["", "fast", "3x", "1h30", "-1s", "s", "1.s"])("refuses %j", (text) => {
    expect(parseDurationMs(text, "s")).toBeUndefined();
    expect(() => flagDuration(text, "--timeout")).toThrow(/--timeout must be a duration/);
    expect(simulatorDuration(text).ok).toBe(false);
  });
});
