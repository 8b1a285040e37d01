import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/status/duration.js";

describe("--timeout durations", () => {
  it("reads 30m, 90s, 1h30m, 500ms and bare seconds", () => {
    expect(parseDuration("30m", "--timeout")).toBe(1_800_000);
    expect(parseDuration("90s", "--timeout")).toBe(90_000);
    expect(parseDuration("1h30m", "--timeout")).toBe(5_400_000);
    expect(parseDuration("500ms", "--timeout")).toBe(500);
    expect(parseDuration("45", "--timeout")).toBe(45_000);
  });

  it("refuses anything else with one clear message", () => {
    expect(() => parseDuration("soon", "--timeout")).toThrow(
      '--timeout must be a duration such as 30m, 90s or 1h30m, got "soon"',
    );
    expect(() => parseDuration("5 minutes", "--timeout")).toThrow(/--timeout must be a duration/);
  });

  it("prints durations compactly", () => {
    expect(formatDuration(4_000)).toBe("4s");
    expect(formatDuration(75_000)).toBe("1m15s");
    expect(formatDuration(3_900_000)).toBe("1h05m");
  });
});
