// Lockfile bytes per entry (issue 24), before (format 1) and after (the current format, 3): the built CLI
// applies a small campaign (the request of bench/_plan-fixture.mjs: Kling 2.1, 1080P, 16:9, 5 s, Permanent) to
// the simulator, then `status --wait`, then `pull`; after each, the lockfile's bytes per entry as written and
// in format 1 (the same entries laid out as reelform wrote them before format 2). Bytes are deterministic for
// given entries; the run's times and ids vary a few bytes from run to run.
//   node bench/lockfile-bytes.mjs          (npm run build first)
//   node bench/lockfile-bytes.mjs --keep   keeps the campaign folder, with the lockfile after each stage
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLockfileText } from "../dist/lockfile/validate.js";
import { serializeLockfile } from "../dist/lockfile/serialize.js";
import { LOCKFILE_FORMAT_VERSION } from "../dist/lockfile/types.js";
import { CLI, spawnSimulatorWith } from "./_sim.mjs";

const COUNT = 20;
const manifest = [
  "version: 1",
  "campaign: bench",
  "defaults:",
  "  model_name: Kling",
  '  model_version: "2.1"',
  '  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: 5, storage_mode: Permanent }',
  "videos:",
  '  - name: "item-{{product}}-{{scene}}"',
  '    prompt: "Product {{product}} turning slowly in scene {{scene}}, cinematic lighting, shallow depth of field"',
  "    matrix:",
  `      product: [${Array.from({ length: COUNT / 2 }, (_, i) => i + 40).join(", ")}]`,
  "      scene: [917, 918]",
  "",
].join("\n");

// Format 1's layout (src/lockfile/serialize.ts before format 2): fields in this order, every value pretty-printed
// with 2-space indentation, body keys sorted deep, other fields after the known ones in key order.
const V1_ENTRY = [
  "hash",
  "generation",
  "session_id",
  "submission",
  "provider",
  "sub_app_id",
  "task_id",
  "request_id",
  "submitted_at",
  "retired_at",
  "imported",
  "error",
  "note",
  "body",
  "task",
  "checks",
  "earlier",
];
const V1_TASK = [
  "state",
  "api_status",
  "progress",
  "checked_at",
  "create_time",
  "finish_time",
  "error",
  "output_seconds",
  "outputs",
];
const V1_OUTPUT = [
  "url",
  "expires_at",
  "storage_mode",
  "file_id",
  "file_type",
  "media_name",
  "usage_type",
  "width",
  "height",
  "duration",
  "size",
  "sha256",
];
const ordered = (o, order) => {
  const out = {};
  for (const k of [
    ...order.filter((k) => k in o),
    ...Object.keys(o)
      .filter((k) => !order.includes(k))
      .sort(),
  ])
    out[k] = o[k];
  return out;
};
const sortedDeep = (v) =>
  Array.isArray(v)
    ? v.map(sortedDeep)
    : v && typeof v === "object"
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortedDeep(v[k])]),
        )
      : v;
function v1Entry(entry) {
  const e = ordered({ ...entry, body: sortedDeep(entry.body) }, V1_ENTRY);
  if (e.task) e.task = ordered({ ...e.task, outputs: e.task.outputs.map((o) => ordered(o, V1_OUTPUT)) }, V1_TASK);
  if (e.earlier) e.earlier = e.earlier.map(v1Entry);
  return e;
}
export function serializeV1(lockfile) {
  const entries = {};
  for (const key of Object.keys(lockfile.entries).sort()) entries[key] = v1Entry(lockfile.entries[key]);
  return `${JSON.stringify({ format_version: 1, campaign: lockfile.campaign, entries }, null, 2)}\n`;
}

/** Bytes per entry: what the entries add to a lockfile of none. */
function perEntry(text, campaign, count, format) {
  const empty =
    format === 1
      ? serializeV1({ campaign, entries: {} })
      : serializeLockfile({ format_version: LOCKFILE_FORMAT_VERSION, campaign, entries: {} });
  return (Buffer.byteLength(text) - Buffer.byteLength(empty) - (count > 0 ? 4 : 0)) / count; // "{}" -> "{\n  }"
}

// The format 1 layout above must give the bytes reelform wrote: checked on a lockfile it wrote (test fixture).
const fixture = readFileSync(
  new URL("../test/fixtures/lockfile/v1-simulator-pulled.lock.json", import.meta.url),
  "utf8",
);
if (serializeV1(parseLockfileText(fixture, "fixture")) !== fixture)
  throw new Error("format 1 layout differs from the fixture");

const dir = mkdtempSync(join(tmpdir(), "reelform-bytes-"));
const sim = await spawnSimulatorWith(["--rate", "0", "--task-duration", "1s"]);
const env = { ...process.env, REELFORM_BASE_URL: sim.url, REELFORM_API_KEY: "bench", NO_COLOR: "1", CI: "1" };
const cli = (...args) =>
  execFileSync(process.execPath, [CLI, ...args], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
const rows = [];
try {
  writeFileSync(join(dir, "launch.yaml"), manifest);
  const measure = (stage, name) => {
    const text = readFileSync(join(dir, "launch.lock.json"), "utf8");
    copyFileSync(join(dir, "launch.lock.json"), join(dir, `${name}.lock.json`));
    const lockfile = parseLockfileText(text, "launch.lock.json");
    const count = Object.keys(lockfile.entries).length;
    const after = perEntry(text, lockfile.campaign, count, LOCKFILE_FORMAT_VERSION);
    const before = perEntry(serializeV1(lockfile), lockfile.campaign, count, 1);
    rows.push({
      stage,
      entries: count,
      before: Math.round(before),
      after: Math.round(after),
      saved: `${Math.round((1 - after / before) * 100)} %`,
    });
  };
  cli("apply", "launch.yaml", "--auto-approve");
  measure("created (apply)", "created");
  cli("status", "launch.yaml", "--wait");
  measure("finished, one output (status)", "finished");
  cli("pull", "launch.yaml");
  measure("finished and pulled (pull)", "pulled");
} finally {
  await sim.stop();
  if (process.argv.includes("--keep")) console.log(`kept ${dir} (created, finished, pulled .lock.json)`);
  else rmSync(dir, { recursive: true, force: true });
}
console.log(`lockfile bytes per entry, format 1 (before) and format ${LOCKFILE_FORMAT_VERSION} (after):`);
console.table(rows);
console.log(`load average: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
