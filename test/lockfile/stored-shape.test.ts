// Format 3 of the lockfile (src/lockfile/stored-shape.ts, stored-task.ts): old lockfiles of every shape (format 1,
// and the same written by format 2) read as recorded and are written back smaller with nothing lost; each field
// left out is derived back from the new shape and compared with the old; a generated finished entry stays within
// its byte budget (bytes are deterministic).
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { interpretTaskDetail } from "../../src/api/interpret.js";
import { serializeLockfile, storedEntryJson } from "../../src/lockfile/serialize.js";
import { defaultSessionContext } from "../../src/lockfile/session-context.js";
import { fromStoredGeneration, type StoredGeneration } from "../../src/lockfile/stored-shape.js";
import type { LockEntry, Lockfile, Submission } from "../../src/lockfile/types.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { withApplyAdded } from "../../src/plan/apply-added.js";
import { deriveSessionId } from "../../src/plan/session-id.js";
import { canonicalJson, hashBody, type JsonObject } from "../../src/util/canonical-json.js";
import { seededRandom } from "../helpers/seed.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/lockfile/${name}.lock.json`, import.meta.url), "utf8");

/** Format 1 lockfiles as each version of reelform wrote them (test/fixtures/lockfile/). */
const OLD_SHAPES = [
  "v1-first", // 2026-11-24: bodies without session_context, no providers, no earlier generations; a "__proto__" key
  "v1-providers", // 2026-11-30: tencent + sub_app_id, earlier, duplicate with note, no_output, failed, begin_process_time
  "v1-latest", // 2026-12-07: retired_at, imported.differences, checks, pull's size/sha256, a moved entry, odd output_seconds
  "v1-simulator-finished", // written by reelform before format 2: apply + status against the simulator
  "v1-simulator-pulled", // the same, with pull's size and sha256
];

/** Order-free comparison that keeps "__proto__" keys (canonicalJson copies into null-prototype objects). */
const same = (value: unknown) => canonicalJson(value);

describe("format 1 and format 2 lockfiles", () => {
  for (const name of OLD_SHAPES) {
    it(`${name}: reads as recorded, is written in format 3 (smaller), reads back the same, byte-stable`, () => {
      const text = fixture(name);
      const old = JSON.parse(text) as { campaign: string; entries: Record<string, unknown> };
      const read = parseLockfileText(text, `${name}.lock.json`);
      expect(read.format_version).toBe(1);
      expect(same(read.entries)).toBe(same(old.entries));

      const written = serializeLockfile(read);
      expect(written.startsWith('{\n  "format_version": 3,\n')).toBe(true);
      expect(Buffer.byteLength(written)).toBeLessThan(Buffer.byteLength(text));
      const again = parseLockfileText(written, `${name}.lock.json`);
      expect(again.format_version).toBe(3);
      expect(same(again.entries)).toBe(same(old.entries)); // nothing recorded is lost or changed
      expect(serializeLockfile(again)).toBe(written);
    });

    const v2 = name.replace("v1-", "v2-");
    it(`${v2} (written by format 2): reads by format 2's rules as recorded, is written in format 3, no larger`, () => {
      const text = fixture(v2);
      expect(text.startsWith('{\n  "format_version": 2,\n')).toBe(true);
      const recorded = (JSON.parse(fixture(name)) as { entries: Record<string, unknown> }).entries;
      const read = parseLockfileText(text, `${v2}.lock.json`);
      expect(read.format_version).toBe(2);
      expect(same(read.entries)).toBe(same(recorded));

      const written = serializeLockfile(read);
      expect(written).toBe(serializeLockfile(parseLockfileText(fixture(name), "v1"))); // the same text either way
      expect(Buffer.byteLength(written)).toBeLessThanOrEqual(Buffer.byteLength(text));
      const again = parseLockfileText(written, `${v2}.lock.json`);
      expect(again.format_version).toBe(3);
      expect(same(again.entries)).toBe(same(recorded));
      expect(serializeLockfile(again)).toBe(written);
    });
  }

  it("reads a stored generation by the rules of the format it was written in", () => {
    // Format 2 wrote a succeeded task without progress, file_type or storage_mode as it was (absent); format 3
    // leaves those out only when they are the values reading puts back.
    const entry = (format: number) =>
      [
        "{",
        `  "format_version": ${format},`,
        '  "campaign": "c",',
        '  "entries": {',
        '    "k": {',
        `      "hash": "sha256:${"a".repeat(64)}",`,
        '      "session_id": "rf1-x",',
        '      "task_id": "T1",',
        '      "submitted_at": "2026-12-07T10:00:00.500Z",',
        '      "request": {"output_config":{"storage_mode":"Permanent"},"prompt":"p"},',
        '      "task": {"state":"succeeded","api_status":"FINISH","checked_at":"2026-12-07T10:01:00.000Z","outputs":[{"url":"https://v/{task_id}.mp4"}]}',
        "    }",
        "  }",
        "}",
        "",
      ].join("\n");
    const v2 = parseLockfileText(entry(2), "v2").entries.k?.task;
    expect(v2).toEqual({
      state: "succeeded",
      api_status: "FINISH",
      checked_at: "2026-12-07T10:01:00.000Z",
      outputs: [{ url: "https://v/{task_id}.mp4" }],
    });
    const v3 = parseLockfileText(entry(3), "v3").entries.k?.task;
    expect(v3).toEqual({
      state: "succeeded",
      api_status: "FINISH",
      progress: 100,
      checked_at: "2026-12-07T10:01:00.000Z",
      outputs: [{ url: "https://v/T1.mp4", storage_mode: "Permanent", file_type: "mp4" }],
    });
  });

  it("keeps every TaskId, earlier generation, retirement, import difference, check and file sha256 in the new text", () => {
    const written = serializeLockfile(parseLockfileText(fixture("v1-latest"), "v1-latest.lock.json"));
    for (const id of ["ctor", "p1g2", "p1g1", "p2", "p3", "p4", "p5", "p6", "p7"])
      expect(written).toContain(`"1500000-AigcVideoTask-${id}"`);
    expect(written).toContain('"retired_at": "2026-12-07T12:00:00.000Z"');
    expect(written).toContain("output_config.duration: 10 (the key asks 5)");
    expect(written.match(/"check":"duration"/g)).toHaveLength(2); // the entry's and its earlier generation's
    expect(written).toContain(`"sha256":"${"e".repeat(64)}"`);
  });

  it("keeps, as recorded, what reading the request form would not give back", () => {
    const written = serializeLockfile(parseLockfileText(fixture("v1-latest"), "v1-latest.lock.json"));
    const line = (key: string, field: string) =>
      written
        .slice(written.indexOf(`\n    ${JSON.stringify(key)}: {`))
        .split("\n")
        .find((l) => l.startsWith(`      "${field}": `));
    expect(line("p-7", "body")).toContain('"session_id":"rf1-other"'); // sent with another session_id
    // A value absent although reading would put one back is written null (format 2 kept the whole body).
    expect(line("p-6", "request")).toBeDefined();
    expect(line("p-6", "task")).toContain('"output_seconds":null'); // not recorded although the output has a duration
    expect(line("p-4", "task")).toContain('"outputs":[{"url":"https://vod.example.com/p4.mp4","file_type":null}]');
    expect(line("p-3", "request")).toContain('"session_context":"reelform:launch:old-p-3"'); // moved: not this key's default
    expect(line("p-2", "request")).toContain('"session_context":"written by the manifest"');
    expect(line("p-5", "task")).toContain('"output_seconds":4'); // not the first output's duration: kept
    expect(line("p-4", "task")).toContain('"output_seconds":6'); // Usage.OutputSeconds, no duration: kept
    expect(line("p-5", "task")).toContain('"duration":4}'); // the second output's pixels are the asked ones too
    expect(line("p-5", "task")).not.toContain("width");
  });
});

describe("fields left out are derived from the new shape", () => {
  for (const name of ["v1-simulator-finished", "v1-simulator-pulled"]) {
    it(`${name}: body, generation, submission and output_seconds derived from the stored entry equal the old ones`, () => {
      const old = JSON.parse(fixture(name)) as { campaign: string; entries: Record<string, LockEntry> };
      for (const [key, recorded] of Object.entries(old.entries)) {
        const stored = JSON.parse(storedEntryJson(old.campaign, key, recorded)) as StoredGeneration;
        // What is no longer stored …
        expect(stored).not.toHaveProperty("body");
        expect(stored).not.toHaveProperty("generation");
        expect(stored).not.toHaveProperty("submission");
        expect(stored.task).not.toHaveProperty("output_seconds");
        expect(stored.request).not.toHaveProperty("session_id");
        expect(stored.request).not.toHaveProperty("session_context");
        // … is what the rest gives back (fromStoredGeneration works in place: the request is taken first).
        const request = stored.request as JsonObject;
        const derived = fromStoredGeneration(3, old.campaign, key, stored);
        expect(derived.body).toEqual({
          ...request,
          session_id: stored.session_id,
          session_context: defaultSessionContext(old.campaign, key),
        });
        expect(same(derived.body)).toBe(same(recorded.body));
        expect(derived.generation).toBe(recorded.generation);
        expect(derived.submission).toBe(recorded.submission);
        expect(derived.task?.output_seconds).toBe(recorded.task?.outputs[0]?.duration);
        expect(derived.task?.output_seconds).toBe(recorded.task?.output_seconds);
        expect(same(derived)).toBe(same(recorded));
      }
    });
  }
});

describe("round trip", () => {
  it("any entry is read back exactly as it was written (seeded property test)", () => {
    const seed = Math.floor(seededRandom("stored-shape round trip")() * 2 ** 31);
    const campaign = fc.constantFrom("launch", "spring-launch", "__proto__", "c:d");
    const key = fc.constantFrom("hero-a", "__proto__", "constructor", "10", "a:b", "\u{1F600}");
    fc.assert(
      fc.property(campaign, key, fc.array(generationArbitrary(), { minLength: 1, maxLength: 3 }), (c, k, gens) => {
        const entries = gens.map((g, i) => build(c, k, g, i + 1));
        const current = entries[entries.length - 1] as LockEntry;
        if (entries.length > 1) current.earlier = entries.slice(0, -1);
        const lockfile: Lockfile = { format_version: 2, campaign: c, entries: { [k]: current } };
        const text = serializeLockfile(lockfile);
        const back = parseLockfileText(text, "launch.lock.json");
        expect(same(back.entries)).toBe(same(lockfile.entries));
        expect(serializeLockfile(back)).toBe(text);
        // The state database's row form reads back the same too.
        const row = JSON.parse(storedEntryJson(c, k, current)) as StoredGeneration;
        expect(same(fromStoredGeneration(3, c, k, row))).toBe(same(current));
      }),
      { seed, numRuns: 300 },
    );
  });
});

interface GenerationSpec {
  request: JsonObject;
  sessionId: "same" | "other" | "absent";
  context: "default" | "own" | "absent" | "number";
  submission: Submission;
  task: null | { outputSeconds: "duration" | "other" | "absent"; durations: (number | null)[] };
}

function generationArbitrary(): fc.Arbitrary<GenerationSpec> {
  const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
  return fc.record({
    request: fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 4 }).map((o) => o as JsonObject),
    sessionId: fc.constantFrom("same" as const, "other" as const, "absent" as const),
    context: fc.constantFrom("default" as const, "own" as const, "absent" as const, "number" as const),
    submission: fc.constantFrom<Submission>("created", "in_doubt", "duplicate", "rejected"),
    task: fc.option(
      fc.record({
        outputSeconds: fc.constantFrom("duration" as const, "other" as const, "absent" as const),
        durations: fc.array(fc.option(fc.constantFrom(4, 5.04, 10), { nil: null }), { maxLength: 2 }),
      }),
      { nil: null },
    ),
  });
}

function build(campaign: string, key: string, spec: GenerationSpec, generation: number): LockEntry {
  const session_id = `rf1-${generation}`;
  const body: JsonObject = { ...spec.request };
  delete body.session_id;
  delete body.session_context;
  if (spec.sessionId !== "absent") body.session_id = spec.sessionId === "same" ? session_id : "rf1-other";
  if (spec.context === "default") body.session_context = defaultSessionContext(campaign, key);
  if (spec.context === "own") body.session_context = "set by the manifest";
  if (spec.context === "number") body.session_context = 7;
  const entry: LockEntry = {
    hash: hashBody(spec.request),
    generation,
    session_id,
    submission: spec.submission,
    task_id: `1500000-AigcVideoTask-${generation}`,
    body,
  };
  if (spec.task) {
    const outputs = spec.task.durations.map((d, i) => ({
      url: `https://vod.example.com/${i}.mp4`,
      ...(d === null ? {} : { duration: d }),
    }));
    entry.task = { state: "succeeded", api_status: "FINISH", checked_at: "2026-12-07T10:00:00.000Z", outputs };
    if (spec.task.outputSeconds === "duration" && outputs[0]?.duration !== undefined)
      entry.task.output_seconds = outputs[0].duration;
    if (spec.task.outputSeconds === "other") entry.task.output_seconds = 7;
  }
  return entry;
}

/** Bytes of one entry in the lockfile: the text an entry adds to a lockfile of none. */
function entryBytes(campaign: string, key: string, entry: LockEntry): number {
  const one = serializeLockfile({ format_version: 2, campaign, entries: { [key]: entry } });
  const none = serializeLockfile({ format_version: 2, campaign, entries: {} });
  return Buffer.byteLength(one) - Buffer.byteLength(none);
}

/**
 * An entry as apply and status record it: the request of bench/_plan-fixture.mjs (Kling 2.1, 1080P, 16:9, 5 s,
 * Permanent) sent with what apply adds, and the simulator's DescribeTaskDetail answer for it once finished.
 */
function generatedEntry(finished: boolean): { key: string; entry: LockEntry } {
  const campaign = "bench";
  const key = "item-42-917";
  const request: JsonObject = {
    model_name: "Kling",
    model_version: "2.1",
    output_config: { aspect_ratio: "16:9", duration: 5, resolution: "1080P", storage_mode: "Permanent" },
    prompt: "Product 42 turning slowly in scene 917, cinematic lighting, shallow depth of field",
  };
  const hash = hashBody(request);
  const session_id = deriveSessionId(campaign, key, hash, 1);
  const task_id = "1500039421-AigcVideoTask-d27aa802a4798964393e4cabe8c335c3t";
  const entry: LockEntry = {
    hash,
    generation: 1,
    session_id,
    submission: "created",
    task_id,
    request_id: "ae0f4ac8-ca82-43fd-b58f-74e3d2b8c80b",
    submitted_at: "2026-12-07T19:18:32.174Z",
    body: withApplyAdded(request, session_id, campaign, key),
  };
  if (finished) {
    const answer = {
      Response: {
        Status: "FINISH",
        CreateTime: "2026-12-07T19:18:32Z",
        BeginProcessTime: "2026-12-07T19:18:32Z",
        FinishTime: "2026-12-07T19:18:33Z",
        AigcVideoTask: {
          TaskId: task_id,
          Status: "FINISH",
          Progress: 100,
          ErrCode: 0,
          ErrCodeExt: "",
          Message: "",
          Output: {
            FileInfos: [
              {
                FileType: "mp4",
                StorageMode: "Permanent",
                FileId: "5285890768223239514",
                FileUrl: `http://127.0.0.1:8787/__sim/files/${task_id}.mp4`,
                MetaData: { Width: 1920, Height: 1080, Duration: 5.04 },
              },
            ],
          },
        },
      },
    };
    entry.task = { ...interpretTaskDetail(answer), checked_at: "2026-12-07T19:18:36.189Z" };
  }
  return { key, entry };
}

describe("bytes per entry (deterministic: the same entry always gives the same bytes)", () => {
  it("a created entry: at most 640 B (was 915 B in format 1)", () => {
    const { key, entry } = generatedEntry(false);
    expect(entryBytes("bench", key, entry)).toBeLessThanOrEqual(640);
  });

  it("a finished entry with one output, as status records the simulator's answer: at most 1,110 B (was 1,635 B)", () => {
    const { key, entry } = generatedEntry(true);
    expect(entry.task?.state).toBe("succeeded");
    expect(entry.task?.outputs).toHaveLength(1);
    expect(entryBytes("bench", key, entry)).toBeLessThanOrEqual(1110);
  });
});
