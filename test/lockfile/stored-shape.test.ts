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
import type { LockEntry, Lockfile, Submission, TaskOutput, TaskRecord } from "../../src/lockfile/types.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { withApplyAdded } from "../../src/plan/apply-added.js";
import { deriveSessionId } from "../../src/lockfile/session-id.js";
import { askedBy } from "../../src/util/asked.js";
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
    it(`${name}: every field left out, derived from the stored entry, equals the old one`, () => {
      const old = JSON.parse(fixture(name)) as { campaign: string; entries: Record<string, LockEntry> };
      for (const [key, recorded] of Object.entries(old.entries)) {
        const stored = JSON.parse(storedEntryJson(old.campaign, key, recorded)) as StoredGeneration;
        const task = stored.task as Record<string, unknown>;
        const output = (task.outputs as Record<string, unknown>[])[0] as Record<string, unknown>;
        // What is no longer stored …
        for (const field of ["body", "generation", "submission", "session_id"])
          expect(stored).not.toHaveProperty(field);
        for (const field of ["output_seconds", "api_status", "progress"]) expect(task).not.toHaveProperty(field);
        expect(output).not.toHaveProperty("file_type");
        // 768P at 16:9 asks 1365.3 x 768: the simulator's 1366 is kept; every other size is the asked one.
        const pixelsKept = key === "teaser-hailuo";
        expect(Object.hasOwn(output, "width")).toBe(pixelsKept);
        expect(Object.hasOwn(output, "height")).toBe(pixelsKept);
        const asked = ((recorded.body.output_config as JsonObject).storage_mode ?? null) as string | null;
        if (asked !== null)
          expect(output).not.toHaveProperty("storage_mode"); // else the API's default, kept
        else expect(output.storage_mode).toBe("Temporary");
        expect(stored.request).not.toHaveProperty("session_id");
        expect(stored.request).not.toHaveProperty("session_context");
        expect(output.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__sim\/files\/\{task_id\}\.mp4$/);
        const [checked, created, url] = [task.checked_at, task.create_time, output.url as string];
        expect(typeof checked).toBe("number");
        expect(typeof created).toBe("number");
        // … is what the rest gives back (fromStoredGeneration works in place: the request is taken first).
        const request = stored.request as JsonObject;
        const config = request.output_config as JsonObject;
        const derived = fromStoredGeneration(3, old.campaign, key, stored);
        const session_id = deriveSessionId(old.campaign, key, recorded.hash, recorded.generation);
        expect(derived.session_id).toBe(session_id);
        expect(derived.body).toEqual({
          ...request,
          session_id,
          session_context: defaultSessionContext(old.campaign, key),
        });
        expect(derived.generation).toBe(1);
        expect(derived.submission).toBe("created");
        const got = derived.task!;
        const want = recorded.task!;
        expect(got.api_status).toBe("FINISH");
        expect(got.progress).toBe(100);
        expect(got.output_seconds).toBe(want.outputs[0]?.duration);
        const base = Date.parse(recorded.submitted_at!.slice(0, 19) + "Z");
        expect(Date.parse(got.checked_at)).toBe(base + Math.round((checked as number) * 1000));
        expect(got.create_time).toBe(new Date(base + (created as number) * 1000).toISOString().replace(".000", ""));
        expect(got.outputs[0]?.url).toBe(url.replace("{task_id}", recorded.task_id!));
        expect(got.outputs[0]?.storage_mode).toBe(config.storage_mode ?? "Temporary");
        expect(got.outputs[0]?.file_type).toBe("mp4");
        const [width, height] = [got.outputs[0]?.width, got.outputs[0]?.height];
        expect(askedBy(recorded.body).resolution?.shortSide).toBe(Math.min(width!, height!));
        // … and all of it is the old entry, exactly.
        expect(same(derived)).toBe(same(recorded));
        expect(same(got)).toBe(same(want));
      }
    });
  }
});

describe("round trip", () => {
  it("any entry is read back exactly as it was written, every field the commands use included (seeded property test)", () => {
    const seed = Math.floor(seededRandom("stored-shape round trip")() * 2 ** 31);
    const campaign = fc.constantFrom("launch", "spring-launch", "__proto__", "c:d");
    const key = fc.constantFrom("hero-a", "__proto__", "constructor", "10", "a:b", "\u{1F600}");
    fc.assert(
      fc.property(campaign, key, fc.array(generationArbitrary(), { minLength: 1, maxLength: 3 }), (c, k, gens) => {
        const entries = gens.map((g, i) => build(c, k, g, i + 1));
        const current = entries[entries.length - 1] as LockEntry;
        if (entries.length > 1) current.earlier = entries.slice(0, -1);
        const lockfile: Lockfile = { format_version: 3, campaign: c, entries: { [k]: current } };
        const text = serializeLockfile(lockfile);
        const back = parseLockfileText(text, "launch.lock.json");
        // canonicalJson compares every field (session_id, body, task times, outputs' url, storage_mode, pixels, …).
        expect(same(back.entries)).toBe(same(lockfile.entries));
        expect(serializeLockfile(back)).toBe(text);
        // The state database's row form reads back the same too.
        const row = JSON.parse(storedEntryJson(c, k, current)) as StoredGeneration;
        expect(same(fromStoredGeneration(3, c, k, row))).toBe(same(current));
      }),
      { seed, numRuns: 400 },
    );
  });
});

interface GenerationSpec {
  request: JsonObject;
  config: JsonObject | null;
  sessionId: "same" | "other" | "absent";
  derivedSession: boolean;
  context: "default" | "own" | "absent" | "number";
  submission: Submission;
  submittedAt: string | null;
  task: null | TaskSpec;
}

interface TaskSpec {
  state: TaskRecord["state"];
  apiStatus: string;
  progress: number | null;
  checkedAt: string;
  times: (string | null)[];
  outputSeconds: "duration" | "other" | "absent";
  outputs: OutputSpec[];
}

interface OutputSpec {
  url: string;
  fileId: string | null;
  storageMode: string | null;
  fileType: string | null;
  pixels: [number, number] | [number, null] | "asked" | null;
  duration: number | null;
  expiresAt: string | null;
}

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

function outputArbitrary(): fc.Arbitrary<OutputSpec> {
  return fc.record({
    url: fc.constantFrom(
      "https://vod.example.com/TASK.mp4",
      "https://1500.vod2.myqcloud.com/abc/FILE/f0.mp4?t=1&sign=x",
      "https://vod.example.com/TASK/FILE",
      "https://vod.example.com/{task_id}.mp4",
      "https://vod.example.com/a.MOV#t",
      "https://host.com",
    ),
    fileId: opt(fc.constantFrom("5285890768223239514", "abc", "T")),
    storageMode: opt(fc.constantFrom("Permanent", "Temporary")),
    fileType: opt(fc.constantFrom("mp4", "MOV", "com", "f0")),
    pixels: opt(
      fc.oneof(
        fc.constant("asked" as const),
        fc.constantFrom<[number, number]>([1920, 1080], [1080, 1920], [720, 720], [1280, 720], [1366, 768]),
        fc.constant<[number, null]>([1920, null]),
      ),
    ),
    duration: opt(fc.constantFrom(4, 5.04, 10)),
    expiresAt: opt(fc.constantFrom("2026-12-14T19:15:13Z", "9999-12-31T23:59:59Z", "2026-12-14T19:15:13.5Z")),
  });
}

function generationArbitrary(): fc.Arbitrary<GenerationSpec> {
  const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
  const time = fc.constantFrom(
    "2026-12-07T10:00:00Z",
    "2026-12-07T09:59:59Z",
    "2026-12-07T10:01:01Z",
    "2026-12-07T10:00:00.250Z",
    "2026-12-07 10:00:00",
  );
  return fc.record({
    request: fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 4 }).map((o) => o as JsonObject),
    config: opt(
      fc.record(
        {
          resolution: fc.constantFrom("1080P", "720P", "768p", "4K", "9000P"),
          aspect_ratio: fc.constantFrom("16:9", "9:16", "4:3", "1:1", "0:1", "wide"),
          storage_mode: fc.constantFrom("Permanent", "Temporary"),
        },
        { requiredKeys: ["resolution", "aspect_ratio"] },
      ),
    ),
    sessionId: fc.constantFrom("same" as const, "other" as const, "absent" as const),
    derivedSession: fc.boolean(),
    context: fc.constantFrom("default" as const, "own" as const, "absent" as const, "number" as const),
    submission: fc.constantFrom<Submission>("created", "in_doubt", "duplicate", "rejected"),
    submittedAt: opt(fc.constantFrom("2026-12-07T10:00:00.761Z", "2026-12-07T10:00:00.000Z", "2026-12-07T10:00:00Z")),
    task: opt(
      fc.record({
        state: fc.constantFrom<TaskRecord["state"]>(
          "succeeded",
          "failed",
          "processing",
          "waiting",
          "no_output",
          "unknown",
        ),
        apiStatus: fc.constantFrom("FINISH", "finish", "ABORTED", "WAITING", "PROCESSING", ""),
        progress: opt(fc.constantFrom(100, 42, 0)),
        checkedAt: fc.constantFrom("2026-12-07T10:00:09.904Z", "2026-12-07T09:59:00.001Z", "2026-12-07T10:00:09Z"),
        times: fc.array(opt(time), { minLength: 3, maxLength: 3 }),
        outputSeconds: fc.constantFrom("duration" as const, "other" as const, "absent" as const),
        outputs: fc.array(outputArbitrary(), { maxLength: 2 }),
      }),
    ),
  });
}

function build(campaign: string, key: string, spec: GenerationSpec, generation: number): LockEntry {
  const request: JsonObject = { ...spec.request };
  delete request.output_config;
  if (spec.config) request.output_config = spec.config;
  const hash = hashBody(request);
  const session_id = spec.derivedSession ? deriveSessionId(campaign, key, hash, generation) : `rf1-${generation}`;
  const body: JsonObject = { ...request };
  delete body.session_id;
  delete body.session_context;
  if (spec.sessionId !== "absent") body.session_id = spec.sessionId === "same" ? session_id : "rf1-other";
  if (spec.context === "default") body.session_context = defaultSessionContext(campaign, key);
  if (spec.context === "own") body.session_context = "set by the manifest";
  if (spec.context === "number") body.session_context = 7;
  const task_id = `1500000-AigcVideoTask-${generation}`;
  const entry: LockEntry = { hash, generation, session_id, submission: spec.submission, task_id, body };
  if (spec.submittedAt !== null) entry.submitted_at = spec.submittedAt;
  if (spec.task) entry.task = buildTask(spec.task, task_id, spec.config);
  return entry;
}

/** The pixels of 1080P 16:9 (1920 x 1080), 720P 9:16 (720 x 1280), …; [0, 0] for what names none. */
function askedPixels(config: JsonObject | null): [number, number] {
  const short = { "1080P": 1080, "720P": 720, "768p": 768, "4K": 2160 }[String(config?.resolution)] ?? 0;
  const [w, h] = String(config?.aspect_ratio).split(":").map(Number) as [number, number];
  if (!(w > 0 && h > 0)) return [0, 0];
  return w >= h ? [Math.round((short * w) / h), short] : [short, Math.round((short * h) / w)];
}

function buildTask(spec: TaskSpec, taskId: string, config: JsonObject | null): TaskRecord {
  const outputs = spec.outputs.map((o) => {
    const pixels = o.pixels === "asked" ? askedPixels(config) : o.pixels;
    const output: TaskOutput = { url: o.url.replace("TASK", taskId).replace("FILE", o.fileId ?? "nofile") };
    if (o.expiresAt !== null) output.expires_at = o.expiresAt;
    if (o.storageMode !== null) output.storage_mode = o.storageMode;
    if (o.fileId !== null) output.file_id = o.fileId;
    if (o.fileType !== null) output.file_type = o.fileType;
    if (pixels !== null) output.width = pixels[0];
    if (pixels?.[1] != null) output.height = pixels[1];
    if (o.duration !== null) output.duration = o.duration;
    return output;
  });
  const task: TaskRecord = { state: spec.state, api_status: spec.apiStatus, checked_at: spec.checkedAt, outputs };
  if (spec.progress !== null) task.progress = spec.progress;
  const [create, begin, finish] = spec.times;
  if (create) task.create_time = create;
  if (begin) task.begin_process_time = begin;
  if (finish) task.finish_time = finish;
  if (spec.outputSeconds === "duration" && outputs[0]?.duration !== undefined)
    task.output_seconds = outputs[0].duration;
  if (spec.outputSeconds === "other") task.output_seconds = 7;
  return task;
}

/** Bytes of one entry in the lockfile: the text an entry adds to a lockfile of none. */
function entryBytes(campaign: string, key: string, entry: LockEntry): number {
  const one = serializeLockfile({ format_version: 3, campaign, entries: { [key]: entry } });
  const none = serializeLockfile({ format_version: 3, campaign, entries: {} });
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
  it("a created entry: at most 570 B (was 915 B in format 1, 633 B in format 2)", () => {
    const { key, entry } = generatedEntry(false);
    expect(entryBytes("bench", key, entry)).toBeLessThanOrEqual(570);
  });

  it("a finished entry with one output, as status records the simulator's answer: at most 800 B (issue 24; 1,105 B in format 2)", () => {
    const { key, entry } = generatedEntry(true);
    expect(entry.task?.state).toBe("succeeded");
    expect(entry.task?.outputs).toHaveLength(1);
    expect(entryBytes("bench", key, entry)).toBeLessThanOrEqual(800);
  });
});
