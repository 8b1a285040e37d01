// Start-up benchmark: `reelform --version` and `reelform --help`, 20 runs each, one after another. Prints the
// median, fastest and slowest wall time and the median CPU time (user + system, from bench/_maxrss.mjs) of
// each, with the load average. Needs a build (`npm run build`). Target (2-core machine): --version < 300 ms.
// `node bench/startup.mjs OTHER/cli.js` times another build (a copy of an earlier dist/ beside this one).
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const cli = process.argv[2] ?? `${repo}dist/cli.js`;
const preload = `${repo}bench/_maxrss.mjs`;
const RUNS = Number(process.env.REELFORM_BENCH_RUNS ?? 20);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function measure(label, args) {
  const walls = [];
  const cpus = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ["--import", preload, cli, ...args], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    walls.push(performance.now() - started);
    if (result.status !== 0) {
      console.log(`${label}: FAIL (exit ${result.status})\n${result.stderr}`);
      return false;
    }
    const cpu = /REELFORM_BENCH_CPU_US=(\d+)/.exec(result.stderr);
    if (cpu) cpus.push(Number(cpu[1]) / 1000);
  }
  console.log(
    `${label.padEnd(20)} ${RUNS} runs: wall median ${median(walls).toFixed(0)} ms (fastest ${Math.min(...walls).toFixed(0)}, slowest ${Math.max(...walls).toFixed(0)})  cpu median ${median(cpus).toFixed(0)} ms`,
  );
  return true;
}

console.log(`${cli}`);
console.log(
  `load average before: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`,
);
const results = [measure("reelform --version", ["--version"]), measure("reelform --help", ["--help"])];
console.log(
  `load average after: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`,
);
process.exitCode = results.every(Boolean) ? 0 : 1;
