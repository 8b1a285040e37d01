// Preloaded with `node --import` by bench/plan.mjs: reports the process's peak memory on exit.
import { writeSync } from "node:fs";

process.on("exit", () => {
  const usage = process.resourceUsage();
  writeSync(
    2,
    `\nREELFORM_BENCH_MAXRSS_KB=${usage.maxRSS}\nREELFORM_BENCH_CPU_US=${usage.userCPUTime + usage.systemCPUTime}\n`,
  );
});
