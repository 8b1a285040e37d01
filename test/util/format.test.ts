// The one formatter of each kind (src/util/): durations, sizes, counts, and reading a request body; at their edges.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatBytes } from "../../src/util/bytes.js";
import { describeCounts } from "../../src/util/counts.js";
import { formatDuration } from "../../src/util/duration.js";
import { readBody } from "../../src/util/read-body.js";
import { formatDuration as statusDuration } from "../../src/status/duration.js";
import { ApplyProgress } from "../../src/report/apply-progress.js";

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [400, "0s"],
    [59_400, "59s"],
    [59_500, "1m00s"],
    [60_000, "1m00s"],
    [65_000, "1m05s"],
    [119_400, "1m59s"],
    [119_500, "2m00s"],
    [3_599_400, "59m59s"],
    [3_599_500, "1h00m"],
    [3_900_000, "1h05m"],
    [-5, "0s"],
  ])("%d ms is %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("is the one status, pipeline and apply's ETA use", () => {
    expect(statusDuration).toBe(formatDuration);
    let now = 0;
    const progress = new ApplyProgress(() => now);
    progress.update({ event: "start", total: 240, parallelism: 1, rate: 0 });
    progress.update({ event: "created", key: "a", task_id: "t", attempts: 1 });
    now = 500; // 2/s with 239 left: 119.5 s to go (once "1m60s")
    expect(progress.line()).toMatch(/ · ETA 2m00s$/);
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 bytes"],
    [1, "1 byte"],
    [1023, "1023 bytes"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [1024 * 1024 - 1, "1 MiB"],
    [1024 * 1024, "1 MiB"],
    [5 * 1024 * 1024 + 200 * 1024, "5.2 MiB"],
    [3 * 1024 ** 3, "3 GiB"],
    [2 * 1024 ** 4, "2 TiB"],
    [2048 * 1024 ** 4, "2048 TiB"],
  ])("%d is %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe("describeCounts", () => {
  const order = ["waiting", "no_output", "done"] as const;
  it("lists non-zero counts in the given order, with each name's phrase", () => {
    expect(describeCounts({ done: 5, waiting: 2, no_output: 0 }, order, (s) => s.replace("_", " "), "none")).toBe(
      "2 waiting, 5 done",
    );
    expect(describeCounts({ no_output: 1 }, order, (s) => s.replace("_", " "), "none")).toBe("1 no output");
  });
  it("says `none` when everything is zero or missing", () => {
    expect(describeCounts({}, order, (s) => s, "no tasks")).toBe("no tasks");
    expect(describeCounts({ done: 0 }, order, (s) => s, "no tasks")).toBe("no tasks");
  });
});

describe("readBody", () => {
  function stream(...chunks: Buffer[]): PassThrough {
    const s = new PassThrough();
    queueMicrotask(() => {
      for (const c of chunks) s.write(c);
      s.end();
    });
    return s;
  }
  const euro = Buffer.from("€"); // 3 bytes

  it("joins chunks as bytes, so a character split across two chunks stays whole", async () => {
    expect(await readBody(stream(euro.subarray(0, 1), euro.subarray(1)), { maxBytes: 100, whenLarger: "refuse" })).toBe(
      "€",
    );
  });

  it("accepts a body of exactly the limit, and refuses one byte more when told to", async () => {
    expect(await readBody(stream(Buffer.alloc(4, "a")), { maxBytes: 4, whenLarger: "refuse" })).toBe("aaaa");
    await expect(
      readBody(stream(Buffer.alloc(3, "a"), Buffer.alloc(2, "b")), { maxBytes: 4, whenLarger: "refuse" }),
    ).rejects.toThrow("body too large");
  });

  it("keeps the first maxBytes and reads to the end when told to cut", async () => {
    expect(
      await readBody(stream(Buffer.from("abc"), Buffer.from("def"), Buffer.from("gh")), {
        maxBytes: 4,
        whenLarger: "cut",
      }),
    ).toBe("abcd");
  });
});
