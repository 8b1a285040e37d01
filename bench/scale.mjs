// Every command on lockfiles of 10,000, 100,000 and 500,000 entries (issue 24), each run of the built CLI
// measured for wall time, CPU time and peak RSS; then the follower's round at 10,000 and 100,000 pending
// tasks (CPU per round, the longest event-loop block). Exits 1 when a command fails or misses a target.
//
// Usage: npm run build && node bench/scale.mjs [--sizes 10000,100000,500000] [--only plan,status,...] [--no-follower] [--no-commands]
// The lockfile: every entry of the manifest (a 1,000-wide matrix), 99.9 % succeeded with one Permanent output
// recorded as pulled (the files exist, 1 byte each), 0.1 % failed, 0.1 % created and never checked, 0.1 %
// with an earlier generation. Bodies, hashes and session ids are the real ones, so plan sees no change.
import { spawnSync } from "node:child_process";
import { closeSync, copyFileSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { parseArgs } from "node:util";
import { runInNewContext } from "node:vm";
import { TaskTracker } from "../dist/pipeline/tracker.js";
import { CAMPAIGN, scaleEntry, scaleKey, scaleManifestYaml, writeScaleLockfile } from "./_lockfile-fixture.mjs";
import { spawnSimulatorWith } from "./_sim.mjs";
import { identities, writePulledFiles } from "./_scale-campaign.mjs";

const USAGE =
  "usage: node bench/scale.mjs [--sizes 10000,100000,500000] [--only plan,status,...] [--no-commands] [--no-follower]\n" +
  "       [--no-class-follow] [--no-real-follow] [--follow-sizes 10000,100000] [--follow-seconds 60]\n" +
  "       [--follow-cpu-prof DIR] (the real follower under node --cpu-prof; read with bench/_cpu-stretches.mjs)";
let parsed;
try {
  // strict: a misspelt or unknown flag (--help among them) is refused, not ignored into a full, long run
  parsed = parseArgs({
    options: {
      sizes: { type: "string", default: "10000,100000,500000" },
      only: { type: "string" },
      "follow-sizes": { type: "string", default: "10000,100000" },
      "follow-seconds": { type: "string", default: "60" },
      "follow-cpu-prof": { type: "string" },
      "no-commands": { type: "boolean", default: false },
      "no-follower": { type: "boolean", default: false },
      "no-class-follow": { type: "boolean", default: false },
      "no-real-follow": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
} catch (error) {
  console.error(`bench/scale.mjs: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const flags = parsed.values;
const SIZES = flags.sizes.split(",").map(Number);
const ONLY = flags.only?.split(",");
const FOLLOW_SIZES = flags["follow-sizes"].split(",").map(Number);
const FOLLOW_SECONDS = Number(flags["follow-seconds"]);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const CLI = here("../dist/cli.js");
const GB = 1024;
let failed = false;

/** Targets of issue 24 (wall seconds, MB), by command and size; every command at any size: < 2.5 GB. */
function targetsFor(command, size) {
  const t = { rssMb: 2.5 * GB };
  if (command === "plan" && size === 100_000) t.wallS = 2;
  if (command === "plan" && size === 500_000) t.wallS = 10;
  if ((command === "status" || command === "list") && size === 500_000) t.wallS = 5;
  if (command === "show" && size === 500_000) t.wallS = 2;
  return t;
}

/** Runs the CLI with stdout to a file (outputs of 100s of MB), and returns its figures and last stdout line. */
function measure(cwd, cliArgs, env = {}) {
  const outPath = join(cwd, "stdout.txt");
  const out = openSync(outPath, "w");
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", here("./_maxrss.mjs"), CLI, ...cliArgs], {
    cwd,
    stdio: ["ignore", out, "pipe"],
    maxBuffer: 1 << 30,
    encoding: "utf8",
    env: {
      ...process.env,
      NO_COLOR: "1",
      REELFORM_API_KEY: "bench-key",
      REELFORM_BASE_URL: "http://127.0.0.1:9", // a dead port: no command here needs the network
      ...env,
    },
  });
  const wallMs = performance.now() - started;
  closeSync(out);
  const size = statSync(outPath).size;
  const tail = Buffer.alloc(Math.min(size, 4096));
  const fd = openSync(outPath, "r");
  readSync(fd, tail, 0, tail.length, size - tail.length);
  closeSync(fd);
  const maxRssKb = Number(/REELFORM_BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1]);
  const cpuMs = Number(/REELFORM_BENCH_CPU_US=(\d+)/.exec(child.stderr)?.[1]) / 1000;
  return {
    status: child.status,
    wallMs,
    cpuMs,
    rssMb: maxRssKb / 1024,
    stdout: tail.toString("utf8"),
    stderr: child.stderr ?? "",
  };
}

function commandsFor(size) {
  const n = String(size);
  const key = scaleKey(Math.floor(size * 0.7));
  return [
    ["validate", ["validate", "s.yaml", "--max-requests", n]],
    ["render", ["render", "s.yaml", "--json", "--max-requests", n]],
    ["plan", ["plan", "s.yaml", "--max-requests", n]],
    ["apply", ["apply", "s.yaml", "--auto-approve", "--max-requests", n]],
    ["status", ["status", "s.yaml"]],
    ["status --wait", ["status", "s.yaml", "--wait"]],
    ["status --json", ["status", "s.yaml", "--json"]],
    ["list", ["list", "s.yaml"]],
    ["show", ["show", "s.yaml", key]],
    ["pull", ["pull", "s.yaml", "--dir", "out"]],
    // Again, with every file on disk: a second pull hashes each complete file again (nothing is downloaded).
    ["pull again", ["pull", "s.yaml", "--dir", "out"]],
    ["review", ["review", "s.yaml", "--out", "page", "--max-requests", n]],
    ["merge-driver", ["merge-driver", "base.lock.json", "ours.lock.json", "theirs.lock.json", "s.lock.json"]],
    ["recover", ["recover", "s.yaml"]], // folds the journal of JOURNAL_RECORDS a killed run left (written below)
    [
      "import",
      ["import", "s.yaml", scaleKey(Math.floor(size * 0.3)), "IMPORTED_TASK", "--allow-mismatch", "--max-requests", n],
    ],
    ["state rm", ["state", "rm", "s.yaml", scaleKey(Math.floor(size * 0.5)), "--auto-approve"]],
  ].filter(([name]) => !ONLY || ONLY.includes(name.split(" ")[0]));
}

/** New keys a killed apply recorded in its journal (intent, created) but never folded: recover folds them. */
const JOURNAL_KEYS = 1000;

function writeJournal(dir) {
  const at = "2026-05-02T10:00:00.000Z";
  const lines = [{ t: "begin", campaign: CAMPAIGN, at }];
  for (let i = 0; i < JOURNAL_KEYS; i++) {
    const key = `journaled-${String(i).padStart(5, "0")}`;
    const session_id = `rf1-journaled-${i}`;
    const body = { model_name: "Kling", model_version: "2.1", prompt: `journaled ${i}`, session_id };
    lines.push({ t: "intent", key, hash: `sha256:${"c".repeat(64)}`, generation: 1, session_id, body, at });
    lines.push({ t: "created", key, session_id, generation: 1, task_id: `1500000-AigcVideoTask-j${i}t`, at });
  }
  writeFileSync(join(dir, "s.lock.json.journal"), lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
}

/** A task made elsewhere (as a console would: straight to the simulator's API), for `import`. */
async function consoleTask(url) {
  const answer = await fetch(`${url}/tencent-vod/v1/aigc-video`, {
    method: "POST",
    headers: { authorization: "Bearer bench-key", "content-type": "application/json" },
    body: JSON.stringify({ model_name: "Kling", model_version: "2.1", prompt: "made elsewhere" }),
  });
  const taskId = (await answer.json()).Response?.TaskId;
  if (!taskId) throw new Error("the simulator gave no TaskId");
  return taskId;
}

async function commandBench(size) {
  const dir = mkdtempSync(join(tmpdir(), `reelform-bench-scale-${size}-`));
  try {
    const manifestPath = join(dir, "s.yaml");
    writeFileSync(manifestPath, scaleManifestYaml(size));
    const identity = await identities(manifestPath, dir, size);
    await writeScaleLockfile(join(dir, "s.lock.json"), size, { identity, pulled: true });
    for (const copy of ["base", "ours", "theirs"])
      copyFileSync(join(dir, "s.lock.json"), join(dir, `${copy}.lock.json`));
    if (!ONLY || ONLY.includes("pull")) writePulledFiles(dir, size);
    console.log(
      `\n${size.toLocaleString("en-US")} entries (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`,
    );
    console.log(
      `  ${"command".padEnd(15)} ${"exit".padStart(4)} ${"wall s".padStart(7)} ${"CPU s".padStart(7)} ${"peak RSS MB".padStart(11)}  target / last line`,
    );
    const sim = !ONLY || ONLY.includes("import") ? await spawnSimulatorWith(["--rate", "0", "--latency", "0ms"]) : null;
    try {
      for (const [name, cliArgs] of commandsFor(size)) {
        if (name === "recover") writeJournal(dir);
        const importing = name === "import";
        const taskId = importing ? await consoleTask(sim.url) : "";
        const r = measure(
          dir,
          cliArgs.map((a) => (a === "IMPORTED_TASK" ? taskId : a)),
          importing ? { REELFORM_BASE_URL: sim.url } : {},
        );
        const t = targetsFor(name.split(" ")[0], size);
        const over = [
          t.wallS !== undefined && r.wallMs / 1000 > t.wallS ? `wall > ${t.wallS} s` : "",
          r.rssMb > t.rssMb ? `RSS > ${t.rssMb} MB` : "",
        ].filter(Boolean);
        // status --wait exits 1 when some task failed (the fixture has failures): that is its answer, not a failure.
        const bad = !(r.status === 0 || (r.status === 1 && name === "status --wait")) || over.length > 0;
        if (bad) failed = true;
        const target = [t.wallS !== undefined ? `< ${t.wallS} s` : "", `< ${t.rssMb / GB} GB`]
          .filter(Boolean)
          .join(", ");
        const last =
          (r.status === 0 || name === "status --wait" ? r.stdout : r.stderr.replace(/^.*REELFORM_BENCH.*$/gm, ""))
            .trim()
            .split("\n")
            .filter((l) => !l.startsWith("REELFORM_BENCH"))
            .at(-1) ?? "";
        console.log(
          `  ${name.padEnd(15)} ${String(r.status).padStart(4)} ${(r.wallMs / 1000).toFixed(2).padStart(7)} ${(r.cpuMs / 1000).toFixed(2).padStart(7)} ${r.rssMb.toFixed(0).padStart(11)}  ${target}${bad ? ` ${over.join(", ") || "FAILED"}` : ""} | ${last.slice(0, 90)}`,
        );
      }
    } finally {
      await sim?.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The follower's bookkeeping per round, as the pipeline does it (src/pipeline/run.ts: due tasks, answers,
 * the next look, the ETA), on a virtual clock with seeded task durations (60..180 s) and progress; the
 * network is left out (it is not the follower's CPU). A round's work is synchronous: its time is the
 * event-loop block it causes.
 */
/**
 * A task's answer at `now`: waiting, then 50 s of processing with linear progress, then succeeded. Each record
 * is written out in full: made as `{ ...base, state, … }` (an object spread with more properties after it),
 * Node 20's V8 kept them past two scavenges, so the bench's own records were most of what the rounds promoted
 * to the old generation (130 MB over the 100,000 run) and the mark-compacts that followed were its longest blocks.
 */
function recordAt(end, now) {
  const iso = (ms) => new Date(ms).toISOString();
  const begin = end - 50_000;
  const checked_at = iso(now);
  const create_time = iso(end - 60_000);
  if (now >= end)
    return {
      checked_at,
      create_time,
      state: "succeeded",
      api_status: "FINISH",
      progress: 100,
      finish_time: iso(end),
      outputs: [{ url: "https://x/y.mp4" }],
    };
  if (now < begin) return { checked_at, create_time, state: "waiting", api_status: "WAITING", outputs: [] };
  return {
    checked_at,
    create_time,
    state: "processing",
    api_status: "PROCESSING",
    progress: Math.min(99, Math.floor(((now - begin) / 50_000) * 100)),
    begin_process_time: iso(begin),
    outputs: [],
  };
}

async function followerBench(pending) {
  let seed = 24;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const start = Date.parse("2026-05-01T10:00:00.000Z");
  const entries = {};
  const ends = new Map();
  for (let i = 0; i < pending; i++) {
    const entry = scaleEntry(i, { pending: true });
    entry.submitted_at = new Date(start + Math.floor(i / 50) * 10).toISOString(); // submitted at 5,000 a second
    delete entry.task;
    entries[scaleKey(i)] = entry;
    ends.set(scaleKey(i), Date.parse(entry.submitted_at) + 60_000 + Math.floor(random() * 120_000));
  }
  const tracker = new TaskTracker({ format_version: 1, campaign: CAMPAIGN, entries }, start, () => false);
  // The garbage of building the fixture and the tracker is collected now: otherwise the old generation's
  // first collection after 200 MB of setup lands in some round and is counted as that round's block.
  collectGarbage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const gc = gcPauses();
  let now = start;
  const rounds = [];
  let answers = 0;
  while (tracker.pendingCount() > 0 && rounds.length < 100_000) {
    now = Math.max(now + 1000, tracker.nextAt() ?? now + 1000);
    // Two synchronous stretches, as in src/pipeline/run.ts: which tasks are due; then, once the queries have
    // answered (their records are made between the two, untimed: the network's part), the answers, the ETA
    // and the next look. At most 1,000 answers a round: 100 queries/s over a 10 s round.
    const cpu = process.cpuUsage();
    let began = performance.now();
    const due = tracker.due(now, 1000); // src/pipeline/run.ts MAX_ROUND_TASKS
    const dueMs = performance.now() - began;
    const dueCpu = process.cpuUsage(cpu);
    const ids = due.map((task) => task.key);
    const records = ids.map((key) => recordAt(ends.get(key), now));
    const cpu2 = process.cpuUsage();
    began = performance.now();
    ids.forEach((key, i) => tracker.answered(key, records[i], now));
    tracker.latestPredictedFinish(now); // the ETA (src/pipeline/progress.ts)
    tracker.nextAt();
    const answerMs = performance.now() - began;
    const answerCpu = process.cpuUsage(cpu2);
    answers += ids.length;
    const cpuMs = (dueCpu.user + dueCpu.system + answerCpu.user + answerCpu.system) / 1000;
    rounds.push({ cpuMs, wallMs: Math.max(dueMs, answerMs), answered: ids.length, due: due.length });
    await new Promise((resolve) => setImmediate(resolve)); // between rounds the loop is free, as in the pipeline
  }
  loop.disable();
  const gcs = gc.stop();

  const cpuSorted = rounds.map((r) => r.cpuMs).sort((a, b) => a - b);
  const busy = rounds.filter((r) => r.answered > 0);
  const perRound = busy.map((r) => r.cpuMs).sort((a, b) => a - b);
  const longest = rounds.reduce((max, r) => Math.max(max, r.wallMs), 0);
  const over = perRound.at(-1) > 50 || longest > 50;
  if (pending >= 100_000 && over) failed = true;
  console.log(
    `  ${pending.toLocaleString("en-US").padStart(7)} pending: ${rounds.length} rounds, ${answers} answers; CPU per round median ${(perRound[Math.floor(perRound.length / 2)] ?? 0).toFixed(1)} ms, ` +
      `p99 ${(perRound[Math.floor(perRound.length * 0.99)] ?? 0).toFixed(1)} ms, max ${(cpuSorted.at(-1) ?? 0).toFixed(1)} ms; longest block ${longest.toFixed(1)} ms ` +
      `(event-loop delay max ${(loop.max / 1e6).toFixed(1)} ms); GC: ${gcs.minor} scavenges, ${gcs.major} mark-compacts, longest pause ${gcs.longest.toFixed(1)} ms` +
      `${pending >= 100_000 ? `; target < 50 ms: ${over ? "OVER TARGET" : "OK"}` : ""}`,
  );
}

/** A full collection (global.gc without --expose-gc: the flag is set at run time, gc taken from a new context). */
function collectGarbage() {
  setFlagsFromString("--expose-gc");
  runInNewContext("gc")();
}

/** Garbage collections from now until stop(): how many of each kind, and the longest pause (wall). */
function gcPauses() {
  const seen = { minor: 0, major: 0, longest: 0 };
  const count = (entries) => {
    for (const entry of entries) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) seen.major += 1;
      else if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) seen.minor += 1;
      seen.longest = Math.max(seen.longest, entry.duration);
    }
  };
  const observer = new PerformanceObserver((list) => count(list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  return {
    stop() {
      count(observer.takeRecords());
      observer.disconnect();
      return seen;
    },
  };
}

/**
 * The real thing: `reelform status s.yaml --wait` (the whole follower: src/follow/run.ts, the pipeline, the
 * lockfile store) on `pending` tasks made on a simulator in its own process (tasks of 2 h: none ends while
 * measured), for `seconds`, at status's default query rate (100 a second: a round of 1,000 queries takes
 * 10 s). The command runs under bench/_loop-delay.mjs, which notes every event-loop block over 50 ms.
 */
async function realFollow(pending, seconds) {
  const dir = mkdtempSync(join(tmpdir(), `reelform-bench-follow-${pending}-`));
  const sim = await spawnSimulatorWith(["--rate", "0", "--latency", "0ms", "--task-duration", "2h"]);
  try {
    writeFileSync(join(dir, "s.yaml"), scaleManifestYaml(pending));
    const taskIds = await createTasks(sim.url, pending);
    // Submitted a minute ago, never checked: every task is due at once (the rounds are full from the start).
    const submitted = new Date(Date.now() - 60_000).toISOString();
    await writeScaleLockfile(join(dir, "s.lock.json"), pending, {
      pending: true,
      transform: (entry, i) => {
        delete entry.task;
        delete entry.earlier;
        return { ...entry, generation: 1, task_id: taskIds[i], submitted_at: submitted };
      },
    });
    const started = performance.now();
    const child = spawnSync(
      process.execPath,
      [
        ...(flags["follow-cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", resolve(flags["follow-cpu-prof"])] : []),
        "--import",
        here("./_loop-delay.mjs"),
        CLI,
        ...["status", "s.yaml", "--wait", "--timeout", `${seconds}s`, "--json"],
      ],
      {
        cwd: dir,
        stdio: ["ignore", "ignore", "pipe"],
        encoding: "utf8",
        maxBuffer: 1 << 28,
        env: { ...process.env, NO_COLOR: "1", REELFORM_API_KEY: "bench-key", REELFORM_BASE_URL: sim.url },
      },
    );
    const wallS = (performance.now() - started) / 1000;
    const field = (name) => new RegExp(`${name}=(.*)`).exec(child.stderr)?.[1] ?? "";
    const blocks = field("REELFORM_BENCH_BLOCKS")
      .split(",")
      .filter(Boolean)
      .map((b) => b.split(":").map(Number));
    const byWall = [...blocks].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const byCpu = [...blocks].sort((a, b) => b[2] - a[2]).slice(0, 3);
    const show = (list) => list.map(([at, wall, cpu]) => `${at} s: ${wall} ms (CPU ${cpu})`).join(", ") || "none";
    // A second try: the first may go out on a kept-alive socket the simulator closed while the command ran.
    const stateOf = async () => (await fetch(`${sim.url}/__sim/state`)).json();
    const state = await stateOf().catch(stateOf);
    const queries = state.requests.filter((r) => r.outcome !== "created").length;
    console.log(
      `  ${pending.toLocaleString("en-US").padStart(7)} pending, real follow (status --wait --timeout ${seconds}s): exit ${child.status}, wall ${wallS.toFixed(1)} s, ` +
        `CPU ${(Number(field("REELFORM_BENCH_CPU_US")) / 1e6).toFixed(1)} s, peak RSS ${(Number(field("REELFORM_BENCH_MAXRSS_KB")) / 1024).toFixed(0)} MB, ` +
        `${queries} queries; event-loop delay max ${field("REELFORM_BENCH_LOOP_MAX_MS")} ms; ${blocks.length} gaps over 50 ms, ` +
        `${blocks.filter(([, , cpu]) => cpu > 50).length} of them with over 50 ms of CPU; longest by wall: ${show(byWall)}; by CPU: ${show(byCpu)}`,
    );
    console.log(`    every gap with over 50 ms of CPU: ${show(blocks.filter(([, , cpu]) => cpu > 50))}`);
    if (child.status !== 0 && child.status !== 1) console.log(child.stderr.slice(-2000));
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` tasks made straight on the simulator (64 at a time); their TaskIds in order. */
async function createTasks(url, count) {
  const ids = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const answer = await fetch(`${url}/tencent-vod/v1/aigc-video`, {
        method: "POST",
        headers: { authorization: "Bearer bench-key", "content-type": "application/json" },
        body: JSON.stringify({ model_name: "Kling", model_version: "2.1", prompt: `follow ${i}` }),
      });
      ids[i] = (await answer.json()).Response?.TaskId;
      if (!ids[i]) throw new Error(`the simulator gave no TaskId for task ${i}`);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  return ids;
}

console.log(
  `scale bench (built CLI), sizes ${SIZES.join(", ")}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} cores`,
);
if (!flags["no-commands"]) for (const size of SIZES) await commandBench(size);
if (!flags["no-follower"]) {
  console.log("\nfollower round (virtual clock, the pipeline's bookkeeping without the network)");
  if (!flags["no-class-follow"]) for (const pending of [10_000, 100_000]) await followerBench(pending);
  if (!flags["no-real-follow"]) {
    console.log("\nthe real follower (status --wait against the simulator)");
    for (const pending of FOLLOW_SIZES) await realFollow(pending, FOLLOW_SECONDS);
  }
}
if (failed) process.exitCode = 1;
