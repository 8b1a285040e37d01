// Preloaded with `node --import` by bench/scale.mjs's real follow: the event loop's blocks in a whole
// command run. A 10 ms timer notes each gap between its ticks longer than 50 ms, with when it ended (seconds
// since the process started), its wall time and the process's CPU time during it. On a loaded machine a gap
// is often time the process was not given a core at all: its CPU time tells a block of work from a wait
// for the CPU. monitorEventLoopDelay gives the longest delay beside it. Printed on exit, with the process's
// CPU time and peak RSS.
import { writeSync } from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

const TICK_MS = 10;
const BLOCK_MS = 50;
const histogram = monitorEventLoopDelay({ resolution: TICK_MS });
histogram.enable();
const blocks = [];
let last = performance.now();
let lastCpu = process.cpuUsage();
setInterval(() => {
  const now = performance.now();
  const cpu = process.cpuUsage(lastCpu);
  const gap = now - last - TICK_MS;
  if (gap > BLOCK_MS)
    blocks.push(`${(now / 1000).toFixed(2)}:${gap.toFixed(0)}:${((cpu.user + cpu.system) / 1000).toFixed(0)}`);
  last = now;
  lastCpu = process.cpuUsage();
}, TICK_MS).unref();

process.on("exit", () => {
  const usage = process.resourceUsage();
  writeSync(
    2,
    `\nREELFORM_BENCH_LOOP_MAX_MS=${(histogram.max / 1e6).toFixed(1)}\nREELFORM_BENCH_BLOCKS=${blocks.join(",")}\n` +
      `REELFORM_BENCH_MAXRSS_KB=${usage.maxRSS}\nREELFORM_BENCH_CPU_US=${usage.userCPUTime + usage.systemCPUTime}\n`,
  );
});
