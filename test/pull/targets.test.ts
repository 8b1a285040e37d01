import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { downloadTargets, extensionFor, safeFileName } from "../../src/pull/targets.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";

const done = (urls: string[], fileType?: string) => ({
  state: "succeeded" as const,
  api_status: "FINISH",
  checked_at: "x",
  outputs: urls.map((url) => ({ url, ...(fileType ? { file_type: fileType } : {}) })),
});

describe("where downloads go", () => {
  it("makes keys safe file names, deterministically", () => {
    expect(safeFileName("hero-sneaker-sand#2")).toBe("hero-sneaker-sand_2");
    expect(safeFileName("catalog/SKU 12:a")).toBe("catalog_SKU_12_a");
    expect(safeFileName("..secret")).toBe("secret");
    expect(safeFileName("...")).toBe("_");
  });

  it("takes the extension from file_type, else the URL, else mp4", () => {
    expect(extensionFor({ url: "https://x/y.mov", file_type: "MP4" })).toBe("mp4");
    expect(extensionFor({ url: "https://x/y.webm?sig=1" })).toBe("webm");
    expect(extensionFor({ url: "https://x/y" })).toBe("mp4");
  });

  it("numbers several outputs of one key, skips unfinished tasks, and separates clashing names", () => {
    const lockfile = lockfileWith({
      multi: entry("t1", { task: done(["https://x/1.mp4", "https://x/2.mp4"]) }),
      "a#1": entry("t2", { task: done(["https://x/a.mp4"]) }),
      a_1: entry("t3", { task: done(["https://x/b.mp4"]) }),
      waiting: entry("t4"),
    });
    const paths = downloadTargets(lockfile, "/out").map((t) => t.path);
    expect(paths[0]).toMatch(/^\/out\/spring\/a_1~[0-9a-f]{8}\.mp4$/);
    expect(paths[1]).toMatch(/^\/out\/spring\/a_1~[0-9a-f]{8}\.mp4$/);
    expect(paths[0]).not.toBe(paths[1]);
    expect(paths.slice(2)).toEqual([join("/out/spring", "multi-1.mp4"), join("/out/spring", "multi-2.mp4")]);
  });
});

describe("reading Content-Range", () => {
  it("parses ranges and unsatisfied ranges", async () => {
    const { rangeOf } = await import("../../src/pull/fetch-part.js");
    expect(rangeOf("bytes 100-199/1000")).toEqual({ start: 100, total: 1000 });
    expect(rangeOf("bytes */1000")).toEqual({ total: 1000 });
    expect(rangeOf("bytes 0-9/*")).toEqual({ start: 0 });
    expect(rangeOf("nonsense")).toBeUndefined();
    expect(rangeOf(null)).toBeUndefined();
  });
});
