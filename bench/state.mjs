// The state backends side by side, in one run: the lockfile and PostgreSQL (a throwaway cluster). Each row is
// one run of the built CLI under `node --import _maxrss.mjs` (wall time, CPU time user+sys, peak RSS):
// - on one campaign of N entries (bench/_scale-campaign.mjs: real bodies, so plan sees nothing to do; 99.8 %
//   succeeded with their file already pulled): `state push` into a fresh database (postgres only), `plan`,
//   `status` (one pass) and `pull` (every file already complete);
// - apply of M requests against the simulator at a high rate (--rate 0 --parallelism 64, 5 ms latency).
// Writing the campaign folder is not measured; the database runs read the same folder (their own state pushed).
// Usage: npm run build && node bench/state.mjs [--entries 100000] [--apply 20000] [--backends file,postgres]
//        (--apply 0 leaves apply out)
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { manifestYaml } from "./_plan-fixture.mjs";
import { postgresInstalled, startBenchCluster } from "./_pg.mjs";
import { scaleCampaign } from "./_scale-campaign.mjs";
import { CLI, spawnSimulatorWith } from "./_sim.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const entries = Number(option("--entries", 100_000));
const applyCount = Number(option("--apply", 20_000));
const backends = option("--backends", "file,postgres").split(",");
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
if (!postgresInstalled) {
  console.error("bench/state.mjs needs PostgreSQL's server binaries (apt-get install postgresql)");
  process.exit(1);
}

/** Runs the CLI with stdout to a file (status prints a row per entry); its figures and last stdout line. */
function measure(args, cwd, env = {}, okExits = [0, 2]) {
  const outPath = join(cwd, "stdout.txt");
  const out = openSync(outPath, "w");
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", here("./_maxrss.mjs"), CLI, ...args], {
    cwd,
    env: {
      ...process.env,
      NO_COLOR: "1",
      CI: "1",
      REELFORM_API_KEY: "bench-key",
      REELFORM_BASE_URL: "http://127.0.0.1:9",
      ...env,
    },
    stdio: ["ignore", out, "pipe"],
    maxBuffer: 1 << 30,
    encoding: "utf8",
  });
  const wallMs = performance.now() - started;
  closeSync(out);
  const maxRssMb = Number(/REELFORM_BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1]) / 1024;
  const cpuMs = Number(/REELFORM_BENCH_CPU_US=(\d+)/.exec(child.stderr)?.[1]) / 1000;
  if (!okExits.includes(child.status))
    throw new Error(`reelform ${args.join(" ")} exited ${child.status}:\n${child.stderr.slice(0, 2000)}`);
  const stdout = readFileSync(outPath, "utf8");
  rmSync(outPath);
  return { wallMs, cpuMs, maxRssMb, stdout, status: child.status };
}

/** A campaign folder with its manifest (no lockfile: apply creates everything). */
function applyCampaign(count) {
  const dir = mkdtempSync(join(tmpdir(), "reelform-bench-state-"));
  writeFileSync(join(dir, "bench.yaml"), manifestYaml(count));
  return dir;
}

const lastLine = (text) =>
  text
    .trim()
    .split("\n")
    .filter((l) => l.trim() !== "")
    .at(-1) ?? "";

const cluster = await startBenchCluster();
const rows = [];
const n = entries.toLocaleString("en-US");
const scaleDir = await scaleCampaign(entries, "reelform-bench-state-");
console.error(`campaign of ${n} entries written (load average ${loadavg()[0].toFixed(1)})`);
try {
  for (const backend of backends) {
    const env = { REELFORM_STATE: backend === "file" ? "file" : cluster.database() };
    const row = (what, run, note) => {
      rows.push({ backend, what, ...run, note });
      // Each row as it is measured too, so a run stopped part way still leaves its figures.
      console.error(
        `${backend} ${what}: wall ${(run.wallMs / 1000).toFixed(2)} s, CPU ${(run.cpuMs / 1000).toFixed(2)} s, peak RSS ${run.maxRssMb.toFixed(0)} MB, load ${loadavg()[0].toFixed(1)}: ${note}`,
      );
    };
    if (backend === "postgres") {
      const push = measure(["state", "push", "s.yaml"], scaleDir, env);
      row(`state push ${n} entries`, push, lastLine(push.stdout));
    }
    const plan = measure(["plan", "s.yaml", "--max-requests", String(entries)], scaleDir, env);
    row(`plan ${n} x ${n}`, plan, lastLine(plan.stdout));
    // The fixture's tasks never checked (one in 1,000) are queried: from a simulator that knows none of them
    // (each answers "not found" at once, so status exits 1), not from a closed port retried with backoff.
    const unknown = await spawnSimulatorWith(["--latency", "0ms", "--rate", "0"]);
    let status;
    try {
      status = measure(["status", "s.yaml"], scaleDir, { ...env, REELFORM_BASE_URL: unknown.url }, [0, 1]);
    } finally {
      await unknown.stop();
    }
    row(`status over ${n} entries`, status, `exit ${status.status}, ${status.stdout.split("\n").length - 1} lines`);
    const pull = measure(["pull", "s.yaml", "--dir", "out"], scaleDir, env);
    row(`pull over ${n} entries`, pull, lastLine(pull.stdout));
    if (applyCount > 0) {
      const applyDir = applyCampaign(applyCount);
      const sim = await spawnSimulatorWith(["--latency", "5ms", "--rate", "0", "--task-duration", "1h"]);
      try {
        const apply = measure(
          [
            "apply",
            "bench.yaml",
            "--auto-approve",
            "--rate",
            "0",
            "--parallelism",
            "64",
            "--max-requests",
            String(applyCount),
          ],
          applyDir,
          {
            REELFORM_STATE: backend === "file" ? "file" : cluster.database(),
            REELFORM_API_KEY: "bench",
            REELFORM_BASE_URL: sim.url,
          },
        );
        row(
          `apply ${applyCount.toLocaleString("en-US")} requests`,
          apply,
          /\d+ created[^\n]*/.exec(apply.stdout)?.[0] ?? "",
        );
      } finally {
        await sim.stop();
        rmSync(applyDir, { recursive: true, force: true });
      }
    }
  }
} finally {
  cluster.stop();
  rmSync(scaleDir, { recursive: true, force: true });
}
console.log(`state backends (built CLI; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
console.log(
  `${"backend".padEnd(10)}${"run".padEnd(32)}${"wall".padStart(9)}${"CPU".padStart(9)}${"peak RSS".padStart(11)}  result`,
);
for (const r of rows)
  console.log(
    `${r.backend.padEnd(10)}${r.what.padEnd(32)}${`${(r.wallMs / 1000).toFixed(2)} s`.padStart(9)}${`${(r.cpuMs / 1000).toFixed(2)} s`.padStart(9)}${`${r.maxRssMb.toFixed(0)} MB`.padStart(11)}  ${r.note}`,
  );
