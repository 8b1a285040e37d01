// Issue 24: a 500,000-entry lockfile is larger than the longest string V8 can make (about 512 MiB), so it is
// written as bytes entry by entry and read back entry by entry; both must agree with the one-string path.
import { describe, expect, it } from "vitest";
import { DiagnosticsError, UserError } from "../../src/errors.js";
import { parseLockfileByEntries } from "../../src/lockfile/by-entries.js";
import { serializeLockfile, serializeLockfileBytes, serializeLockfileChunks } from "../../src/lockfile/serialize.js";
import type { Lockfile } from "../../src/lockfile/types.js";
import type { JsonObject } from "../../src/util/canonical-json.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";

function sample(): Lockfile {
  const lockfile = lockfileWith({});
  const keys = ["b", "__proto__", "constructor", "運動鞋", 'q"uote', "a"];
  for (const [i, key] of keys.entries()) {
    Object.defineProperty(lockfile.entries, key, {
      value: entry(`task-${i}`, {
        hash: `sha256:${"ab".repeat(32)}`,
        body: { prompt: `p ${key}\n    }`, z: 1, a: [1, { "10": 2, b: 3 }] },
      }),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return lockfile;
}

describe("lockfiles past one string (issue 24)", () => {
  it("writes the same bytes as the one-string serializer, empty or not", () => {
    for (const lockfile of [sample(), lockfileWith({})])
      expect(serializeLockfileBytes(lockfile).toString("utf8")).toBe(serializeLockfile(lockfile));
  });

  it("writes the same bytes in batches of native JSON.stringify, past a batch and with integer-like keys anywhere", () => {
    const lockfile = lockfileWith({});
    const keys = ["10", "7", "__proto__", "toJSON", "constructor", "運動鞋", "😀a", "\uffffb"];
    for (let i = 0; i < 2500; i++) keys.push(`k-${String(i).padStart(5, "0")}`);
    for (const [i, key] of keys.entries()) {
      const body: JsonObject = { prompt: `p ${i}`, z: [i, { y: null }], a: "x" };
      if (i % 1000 === 3) body["12"] = "an integer-like key deep in one body";
      const e = entry(`task-${i}`, { hash: `sha256:${"ab".repeat(32)}`, body }) as unknown as Record<string, unknown>;
      if (i % 2 === 0)
        e["task"] = {
          state: "succeeded",
          api_status: "FINISH",
          checked_at: "2026-11-24T10:00:00Z",
          outputs: [{ url: `https://x/${i}.mp4`, size: 1, width: 720, zz: { "3": 1 } }],
          ...(i % 3 === 0 ? { error: { message: "m", err_code: 1 } } : {}),
        };
      if (i % 700 === 5) e["zz_newer_field"] = { b: 1, a: [2] }; // a field this reelform does not know
      if (i % 900 === 1) e["9"] = "an integer-like unknown field";
      Object.defineProperty(lockfile.entries, key, { value: e, enumerable: true, writable: true, configurable: true });
    }
    const whole = serializeLockfile(lockfile);
    const chunks = serializeLockfileChunks(lockfile);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(whole);
    expect(serializeLockfileBytes(lockfile).toString("utf8")).toBe(whole);
    expect(whole).toContain('\n    "10": {');
    expect(whole.indexOf('"zz_newer_field"')).toBeGreaterThan(whole.indexOf('"body"'));
  });

  it("reads back entry by entry what the one-string reader reads", () => {
    const bytes = serializeLockfileBytes(sample());
    const read = parseLockfileByEntries(bytes, "s.lock.json");
    const whole = parseLockfileText(bytes.toString("utf8"), "s.lock.json");
    expect(read).toEqual(whole);
    expect(Object.keys(read.entries)).toEqual(Object.keys(whole.entries));
    // Prototype-free, as the one-string reader gives them (docs/internals.md "Keys from outside").
    expect(Object.getPrototypeOf(read.entries)).toBeNull();
    expect(Object.getPrototypeOf(whole.entries)).toBeNull();
    expect(Object.hasOwn(read.entries, "__proto__")).toBe(true);
  });

  it("refuses an entry written twice, an invalid entry and another layout, saying where", () => {
    const text = serializeLockfile(sample());
    const start = text.indexOf('\n    "a": {');
    const end = text.indexOf("\n    }", start) + 6;
    const twice = Buffer.from(`${text.slice(0, end)},${text.slice(start, end)}${text.slice(end)}`);
    expect(() => parseLockfileByEntries(twice, "s.lock.json")).toThrow(DiagnosticsError);
    const invalid = Buffer.from(text.replace('"generation": 1', '"generation": "one"'));
    expect(() => parseLockfileByEntries(invalid, "s.lock.json")).toThrow(DiagnosticsError);
    const compact = Buffer.from(JSON.stringify(JSON.parse(text)));
    expect(() => parseLockfileByEntries(compact, "s.lock.json")).toThrow(UserError);
    const reindented = Buffer.from(JSON.stringify(JSON.parse(text), null, 4));
    expect(() => parseLockfileByEntries(reindented, "s.lock.json")).toThrow(/laid out otherwise/);
  });

  it("reads many entries a chunk at a time, and still says where an entry is repeated or broken, across chunks too", () => {
    const lockfile = lockfileWith({});
    const keys = ["10", "__proto__", "7"];
    for (let i = 0; i < 2600; i++) keys.push(`k-${String(i).padStart(5, "0")}`);
    for (const [i, key] of keys.entries())
      Object.defineProperty(lockfile.entries, key, {
        value: entry(`task-${i}`, { hash: `sha256:${"ab".repeat(32)}`, body: { prompt: `p ${i}` } }),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    const text = serializeLockfile(lockfile);
    const read = parseLockfileByEntries(Buffer.from(text), "s.lock.json");
    expect(read).toEqual(parseLockfileText(text, "s.lock.json"));
    expect(Object.keys(read.entries)).toEqual(Object.keys(parseLockfileText(text, "s.lock.json").entries));

    const lineOf = (t: string, at: number) => t.slice(0, at).split("\n").length;
    const entryText = (key: string) => {
      const start = text.indexOf(`\n    "${key}": {`);
      return text.slice(start, text.indexOf("\n    }", start) + 6);
    };
    // The same key again within the first chunk, and in a later chunk: each refused at the second one's line.
    for (const [key, after] of [
      ["k-00004", "k-00005"],
      ["k-00004", "k-02100"],
    ] as const) {
      const at = text.indexOf(entryText(after)) + entryText(after).length;
      const twice = `${text.slice(0, at)},${entryText(key)}${text.slice(at)}`;
      const error = catchError(() => parseLockfileByEntries(Buffer.from(twice), "s.lock.json"));
      expect(error).toBeInstanceOf(DiagnosticsError);
      expect((error as DiagnosticsError).message).toMatch(/written twice/);
      expect((error as DiagnosticsError).diagnostics[0]?.line).toBe(lineOf(twice, at + 2));
    }
    // Broken JSON in an entry of the second chunk: refused at that entry.
    const broken = text.replace('\n    "k-01500": {', '\n    "k-01500": {,');
    const brokenError = catchError(() => parseLockfileByEntries(Buffer.from(broken), "s.lock.json"));
    expect(brokenError).toBeInstanceOf(DiagnosticsError);
    expect((brokenError as DiagnosticsError).diagnostics[0]?.line).toBe(
      lineOf(broken, broken.indexOf('"k-01500": {,')),
    );
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
