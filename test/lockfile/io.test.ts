import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { DiagnosticsError } from "../../src/errors.js";
import { readLockfile, readLockfileWithDigest, serializeLockfile, writeLockfile } from "../../src/lockfile/io.js";
import { LOCKFILE_FORMAT_VERSION, type Lockfile } from "../../src/lockfile/types.js";
import { hashBody } from "../../src/util/canonical-json.js";

const body = {
  prompt: "Acme sneaker on sand",
  model_name: "Kling",
  model_version: "2.1",
  output_config: { resolution: "1080P", duration: 5 },
};

function sample(): Lockfile {
  return {
    format_version: 1,
    campaign: "spring-launch",
    entries: {
      "hero-b": {
        body: { ...body, session_id: "rf1-b" },
        submission: "created",
        session_id: "rf1-b",
        generation: 1,
        hash: hashBody(body),
        task_id: "1-AigcVideoTask-b",
        submitted_at: "2026-05-01T10:00:00.000Z",
      },
      "10": {
        hash: hashBody(body),
        generation: 2,
        session_id: "rf1-10",
        submission: "in_doubt",
        body: { z: 1, "9": 2, "10": 3, a: { y: 1, b: 2 } },
      },
      "hero-a": {
        hash: hashBody(body),
        generation: 1,
        session_id: "rf1-a",
        submission: "created",
        task_id: "1-AigcVideoTask-a",
        body: { ...body },
        task: {
          outputs: [{ file_type: "mp4", url: "https://cdn.example.com/a.mp4" }],
          checked_at: "2026-05-01T10:05:00.000Z",
          api_status: "FINISH",
          state: "succeeded",
        },
      },
      "9": {
        hash: hashBody(body),
        generation: 1,
        session_id: "rf1-9",
        submission: "rejected",
        error: { message: "bad", code: "InvalidParameter" },
        body: {},
      },
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "reelform-lock-"));
});

async function damaged(text: string): Promise<DiagnosticsError> {
  const file = join(dir, "launch.lock.json");
  await writeFile(file, text);
  const error = await readLockfile(file, { displayPath: "launch.lock.json" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DiagnosticsError);
  return error as DiagnosticsError;
}

describe("lockfile serialization", () => {
  it("writes entries by key in code-point order, one line per field in a fixed order, body keys sorted, final newline", () => {
    const text = serializeLockfile(sample());
    const keys = [...text.matchAll(/^ {4}"([^"]+)": \{$/gm)].map((m) => m[1]);
    expect(keys).toEqual(["10", "9", "hero-a", "hero-b"]);
    expect(text.endsWith("}\n")).toBe(true);
    // Format 2 (stored-shape.ts): each field's value on one line; integer-like keys too in code-point order.
    expect(text).toContain('\n      "body": {"10":3,"9":2,"a":{"b":2,"y":1},"z":1}\n');
    const heroB = text.slice(text.indexOf('"hero-b"'));
    const fieldOrder = [...heroB.matchAll(/^ {6}"([a-z_]+)":/gm)].map((m) => m[1]);
    expect(fieldOrder).toEqual(["hash", "generation", "session_id", "submission", "task_id", "submitted_at", "body"]);
    expect(text).toContain('"task": {"state":"succeeded","api_status":"FINISH","checked_at"');
    expect(text).toContain('"error": {"code":"InvalidParameter","message":"bad"}');
  });

  it("gives the same bytes for the same content, whatever the insertion order", () => {
    const a = sample();
    const b: Lockfile = { ...a, entries: Object.fromEntries(Object.entries(a.entries).reverse()) };
    expect(serializeLockfile(b)).toBe(serializeLockfile(a));
  });

  it("sorts keys by code point, not UTF-16 unit", () => {
    const lock: Lockfile = { format_version: 1, campaign: "c", entries: {} };
    const entry = sample().entries["9"]!;
    lock.entries["\u{1F600}"] = entry; // surrogate pair, code point U+1F600
    lock.entries["\uFF5E"] = entry; // U+FF5E: below U+1F600, but above its high surrogate
    const text = serializeLockfile(lock);
    expect(text.indexOf("\uFF5E")).toBeLessThan(text.indexOf("\u{1F600}"));
  });
});

describe("lockfile files", () => {
  it("write, read, write gives identical bytes", async () => {
    const file = join(dir, "launch.lock.json");
    await writeLockfile(file, sample());
    const first = await readFile(file, "utf8");
    const read = await readLockfile(file);
    expect(read).toEqual({ ...sample(), format_version: LOCKFILE_FORMAT_VERSION }); // written in the current format
    await writeLockfile(file, read!);
    expect(await readFile(file, "utf8")).toBe(first);
    expect(await readdir(dir)).toEqual(["launch.lock.json"]); // no temporary file left behind
  });

  it("returns null when there is no lockfile yet", async () => {
    expect(await readLockfile(join(dir, "absent.lock.json"))).toBeNull();
  });

  it("reports the digest of the exact bytes read", async () => {
    const file = join(dir, "launch.lock.json");
    await writeLockfile(file, sample());
    const read = await readLockfileWithDigest(file);
    expect(read?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reports a truncated file with its line and column", async () => {
    const text = serializeLockfile(sample());
    const error = await damaged(text.slice(0, 300));
    const [d] = error.diagnostics;
    expect(d).toMatchObject({ file: "launch.lock.json", severity: "error" });
    expect(d?.message).toMatch(/truncated/);
    expect(d?.line).toBe(text.slice(0, 300).split("\n").length);
  });

  it("reports a hand-broken comma at its position", async () => {
    const error = await damaged('{\n  "format_version": 1,\n  "campaign": "c",\n  "entries": {},\n}\n');
    expect(error.diagnostics[0]).toMatchObject({ line: 5, col: 1 });
    expect(error.diagnostics[0]?.message).toMatch(/invalid JSON/);
  });

  it("recognises malformed git merge-conflict markers, and never advises keeping one side", async () => {
    // Well-formed markers are resolved (test/lockfile/merge.test.ts); a start without its end cannot be.
    const error = await damaged(
      '{\n  "format_version": 1,\n<<<<<<< HEAD\n  "campaign": "a",\n=======\n  "campaign": "b",\n  "entries": {}\n}\n',
    );
    expect(error.diagnostics[0]).toMatchObject({ line: 3, col: 1, message: "git merge-conflict marker" });
    expect(error.diagnostics[0]?.suggestion).not.toMatch(/keep one side of each entry/);
    expect(error.diagnostics[0]?.suggestion).toMatch(/git checkout -m/);
  });

  it("refuses a conflict between two campaigns rather than mix them", async () => {
    const file = join(dir, "launch.lock.json");
    await writeFile(
      file,
      '{\n  "format_version": 1,\n<<<<<<< HEAD\n  "campaign": "a",\n=======\n  "campaign": "b",\n>>>>>>> main\n  "entries": {}\n}\n',
    );
    await expect(readLockfile(file, { displayPath: "launch.lock.json" })).rejects.toThrow(
      /one side is campaign "a", the other "b"/,
    );
  });

  it("points at the offending node of a schema violation", async () => {
    const lock = sample();
    (lock.entries["hero-a"] as unknown as Record<string, unknown>).submission = "done";
    delete (lock.entries["hero-b"] as unknown as Record<string, unknown>).hash;
    const text = serializeLockfile(lock);
    const error = await damaged(text);
    const lines = text.split("\n");
    const bySubmission = error.diagnostics.find((d) => d.message.includes("submission"));
    expect(bySubmission?.message).toBe(
      'entries["hero-a"].submission: must be one of "created", "in_doubt", "duplicate", "rejected"',
    );
    expect(lines[bySubmission!.line! - 1]?.slice(bySubmission!.col! - 1)).toBe('"done",');
    const missing = error.diagnostics.find((d) => d.message.includes("hash"));
    expect(missing?.message).toBe('entries["hero-b"]: missing field "hash"');
    expect(lines[missing!.line! - 1]).toBe('    "hero-b": {');
  });

  it("refuses a lockfile of a newer format version, naming the upgrade", async () => {
    const text = serializeLockfile(sample()).replace('"format_version": 3', '"format_version": 4');
    const error = await damaged(text);
    expect(error.message).toMatch(/needs a newer reelform/);
    expect(error.diagnostics[0]).toMatchObject({ line: 2, col: 21 });
    expect(error.diagnostics[0]?.message).toMatch(/format_version 4 was written by a newer reelform/);
  });

  it("refuses an entry written twice (a merge that kept both sides) at its line, rather than drop a TaskId", async () => {
    const text = serializeLockfile(sample());
    const lines = text.split("\n");
    const start = lines.indexOf('    "hero-a": {');
    const end = lines.indexOf("    },", start);
    const copy = lines.slice(start, end + 1).map((line) => line.replace("1-AigcVideoTask-a", "1-AigcVideoTask-a2"));
    const merged = [...lines.slice(0, end + 1), ...copy, ...lines.slice(end + 1)].join("\n");
    expect(() => JSON.parse(merged)).not.toThrow(); // valid JSON: the last "hero-a" would silently win
    const error = await damaged(merged);
    expect(error.diagnostics).toHaveLength(1);
    expect(error.diagnostics[0]).toMatchObject({ line: end + 2, col: 5 });
    expect(error.diagnostics[0]?.message).toBe(
      `entry "hero-a" appears twice (first at line ${start + 1}); only one can be kept, and a TaskId must not drop out unnoticed`,
    );
  });

  it("finds a repeated entry in a lockfile formatted by hand too, and reads one without repeats", async () => {
    const compact = JSON.stringify(JSON.parse(serializeLockfile(sample())));
    const file = join(dir, "launch.lock.json");
    await writeFile(file, compact);
    expect(Object.keys((await readLockfile(file))!.entries)).toHaveLength(Object.keys(sample().entries).length);
    const entry = JSON.stringify(sample().entries["hero-b"]);
    const error = await damaged(compact.replace('"entries":{', `"entries":{"hero-b":${entry},`));
    expect(error.diagnostics[0]?.message).toMatch(/^entry "hero-b" appears twice \(first at line 1\)/);
  });

  it("rejects a created entry without a TaskId", async () => {
    const lock = sample();
    delete lock.entries["hero-a"]!.task_id;
    const error = await damaged(serializeLockfile(lock));
    expect(error.diagnostics.map((d) => d.message)).toContain('entries["hero-a"]: missing field "task_id"');
  });
});

describe("the precompiled lockfile validator", () => {
  it("is up to date with schemas/lockfile.schema.json (regenerate: node scripts/compile-schemas.mjs)", async () => {
    const { generateLockfileValidatorSource } = await import("../../scripts/validator-source.mjs");
    const schema = JSON.parse(await readFile(new URL("../../schemas/lockfile.schema.json", import.meta.url), "utf8"));
    const generated = await readFile(
      new URL("../../src/lockfile/schema-validator.generated.ts", import.meta.url),
      "utf8",
    );
    expect(generateLockfileValidatorSource(schema) === generated).toBe(true);
  });
});
