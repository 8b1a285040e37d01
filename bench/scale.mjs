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
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { TaskTracker } from "../dist/pipeline/tracker.js";
import { CAMPAIGN, scaleEntry, scaleKey, scaleManifestYaml, writeScaleLockfile } from "./_lockfile-fixture.mjs";
import { spawnSimulatorWith } from "./_sim.mjs";
import { identities, writePulledFiles } from "./_scale-campaign.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const SIZES = option("--sizes", "10000,100000,500000").split(",").map(Number);
const ONLY = option("--only", undefined)?.split(",");
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
    // Again: the files the first pull hashed are now known by their identity on disk (src/pull/verified.ts).
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
/** A task's answer at `now`: waiting, then 50 s of processing with linear progress, then succeeded. */
function recordAt(end, now) {
  const iso = (ms) => new Date(ms).toISOString();
  const begin = end - 50_000;
  const base = { checked_at: iso(now), create_time: iso(end - 60_000) };
  if (now >= end)
    return {
      ...base,
      state: "succeeded",
      api_status: "FINISH",
      progress: 100,
      finish_time: iso(end),
      outputs: [{ url: "https://x/y.mp4" }],
    };
  if (now < begin) return { ...base, state: "waiting", api_status: "WAITING", outputs: [] };
  return {
    ...base,
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
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
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

  const cpuSorted = rounds.map((r) => r.cpuMs).sort((a, b) => a - b);
  const busy = rounds.filter((r) => r.answered > 0);
  const perRound = busy.map((r) => r.cpuMs).sort((a, b) => a - b);
  const longest = rounds.reduce((max, r) => Math.max(max, r.wallMs), 0);
  const over = perRound.at(-1) > 50 || longest > 50;
  if (pending >= 100_000 && over) failed = true;
  console.log(
    `  ${pending.toLocaleString("en-US").padStart(7)} pending: ${rounds.length} rounds, ${answers} answers; CPU per round median ${(perRound[Math.floor(perRound.length / 2)] ?? 0).toFixed(1)} ms, ` +
      `p99 ${(perRound[Math.floor(perRound.length * 0.99)] ?? 0).toFixed(1)} ms, max ${(cpuSorted.at(-1) ?? 0).toFixed(1)} ms; longest block ${longest.toFixed(1)} ms ` +
      `(event-loop delay max ${(loop.max / 1e6).toFixed(1)} ms)${pending >= 100_000 ? ` target < 50 ms: ${over ? "OVER TARGET" : "OK"}` : ""}`,
  );
}

console.log(
  `scale bench (built CLI), sizes ${SIZES.join(", ")}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} cores`,
);
if (!args.includes("--no-commands")) for (const size of SIZES) await commandBench(size);
if (!args.includes("--no-follower")) {
  console.log("\nfollower round (virtual clock, the pipeline's bookkeeping without the network)");
  for (const pending of [10_000, 100_000]) await followerBench(pending);
}
if (failed) process.exitCode = 1;
