// Preloaded with `node --import` by bench/plan.mjs: reports the process's peak memory on exit.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\nREELFORM_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
