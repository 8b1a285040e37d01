// The state backends side by side, in one run: the lockfile and PostgreSQL (a throwaway cluster). Each row is
// one run of the built CLI under `node --import _maxrss.mjs` (wall time, peak RSS):
// - plan of 100,000 requests against 100,000 recorded entries (as bench/plan.mjs);
// - apply of 20,000 requests against the simulator at a high rate (--rate 0 --parallelism 64, 5 ms latency);
// - status over 100,000 entries whose tasks have all ended (reads and reports; nothing left to query).
// Setup (writing the lockfile, `state push` into the database) is not measured.
// Usage: npm run build && node bench/state.mjs [plan-count] [apply-count]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileManifest } from "../dist/expand/compile.js";
import { writeLockfile } from "../dist/lockfile/io.js";
import { benchLockfile, manifestYaml } from "./_plan-fixture.mjs";
import { postgresInstalled, startBenchCluster } from "./_pg.mjs";
import { CLI, spawnSimulatorWith } from "./_sim.mjs";

const planCount = Number(process.argv[2] ?? 100_000);
const applyCount = Number(process.argv[3] ?? 20_000);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
if (!postgresInstalled) {
  console.error("bench/state.mjs needs PostgreSQL's server binaries (apt-get install postgresql)");
  process.exit(1);
}

function measure(args, cwd, env = {}) {
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", here("./_maxrss.mjs"), CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", CI: "1", ...env },
    maxBuffer: 1 << 30,
    encoding: "utf8",
  });
  const wallMs = performance.now() - started;
  const maxRssMb = Number(/REELFORM_BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1]) / 1024;
  if (child.status !== 0 && child.status !== 2)
    throw new Error(`reelform ${args.join(" ")} exited ${child.status}:\n${child.stderr.slice(0, 2000)}`);
  return { wallMs, maxRssMb, stdout: child.stdout };
}

function setup(args, cwd, env) {
  const child = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, ...env },
    maxBuffer: 1 << 30,
    encoding: "utf8",
  });
  if (child.status !== 0)
    throw new Error(`setup reelform ${args.join(" ")} exited ${child.status}:\n${child.stderr.slice(0, 2000)}`);
}

/** A campaign folder with its manifest, and (when given) its lockfile. */
async function campaign(count, lockfileOf) {
  const dir = mkdtempSync(join(tmpdir(), "reelform-bench-state-"));
  const manifest = join(dir, "bench.yaml");
  writeFileSync(manifest, manifestYaml(count));
  if (lockfileOf) {
    const { requests } = await compileManifest(manifest, { cwd: dir, env: {}, maxRequests: count });
    await writeLockfile(join(dir, "bench.lock.json"), lockfileOf(requests));
  }
  return dir;
}

const ended = (requests) => {
  const lockfile = benchLockfile(requests);
  for (const [key, entry] of Object.entries(lockfile.entries)) {
    entry.task = {
      state: "succeeded",
      api_status: "FINISH",
      checked_at: "2026-05-01T10:05:00.000Z",
      finish_time: "2026-05-01T10:04:00.000Z",
      outputs: [{ url: `https://cdn.example.com/${key}.mp4`, storage_mode: "Permanent" }],
    };
  }
  return lockfile;
};

const cluster = await startBenchCluster();
const rows = [];
const max = String(Math.max(planCount, applyCount));
try {
  for (const backend of ["file", "postgres"]) {
    const planDir = await campaign(planCount, benchLockfile);
    const statusDir = await campaign(planCount, ended);
    const applyDir = await campaign(applyCount);
    const env = { REELFORM_STATE: backend === "file" ? "file" : cluster.database() };
    if (backend === "postgres") setup(["state", "push", "bench.yaml"], planDir, env);
    const plan = measure(["plan", "bench.yaml", "--max-requests", max], planDir, env);
    rows.push({
      backend,
      what: `plan ${planCount.toLocaleString("en-US")} x ${planCount.toLocaleString("en-US")}`,
      ...plan,
      note: plan.stdout.trim().split("\n").at(-1),
    });
    const statusEnv = { REELFORM_STATE: backend === "file" ? "file" : cluster.database() };
    if (backend === "postgres") setup(["state", "push", "bench.yaml"], statusDir, statusEnv);
    const status = measure(["status", "bench.yaml"], statusDir, statusEnv);
    rows.push({
      backend,
      what: `status over ${planCount.toLocaleString("en-US")} entries`,
      ...status,
      note: status.stdout.trim().split("\n").at(-1),
    });
    const sim = await spawnSimulatorWith(["--latency", "5ms", "--rate", "0", "--task-duration", "1h"]);
    try {
      const applyEnv = {
        REELFORM_STATE: backend === "file" ? "file" : cluster.database(),
        REELFORM_API_KEY: "bench",
        REELFORM_BASE_URL: sim.url,
      };
      const apply = measure(
        ["apply", "bench.yaml", "--auto-approve", "--rate", "0", "--parallelism", "64", "--max-requests", max],
        applyDir,
        applyEnv,
      );
      rows.push({
        backend,
        what: `apply ${applyCount.toLocaleString("en-US")} requests`,
        ...apply,
        note: /\d+ created[^\n]*/.exec(apply.stdout)?.[0] ?? "",
      });
    } finally {
      await sim.stop();
    }
    for (const dir of [planDir, statusDir, applyDir]) rmSync(dir, { recursive: true, force: true });
  }
} finally {
  cluster.stop();
}
console.log(`state backends (built CLI; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
console.log(`${"backend".padEnd(10)}${"run".padEnd(32)}${"wall".padStart(9)}${"peak RSS".padStart(11)}  result`);
for (const r of rows)
  console.log(
    `${r.backend.padEnd(10)}${r.what.padEnd(32)}${`${(r.wallMs / 1000).toFixed(2)} s`.padStart(9)}${`${r.maxRssMb.toFixed(0)} MB`.padStart(11)}  ${r.note}`,
  );
