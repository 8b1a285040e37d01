// Helpers for the apply benchmarks: a simulator in its own process (so it does not share the client's
// CPU), request items, and timing with CPU use of this process.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Spawns `reelform simulator` with a fixed latency and no rate limit; resolves with its URL. */
export function spawnSimulator(latency = "50ms") {
  return spawnSimulatorWith(["--latency", latency, "--rate", "0", "--task-duration", "1h"]);
}

/** Spawns `reelform simulator --port 0 ARGS…`; resolves with its URL and a stop function. */
export function spawnSimulatorWith(args) {
  const child = spawn(process.execPath, [CLI, "simulator", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const match = /listening on (\S+)/.exec(out);
      if (match)
        resolve({ url: match[1], stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM"))) });
    });
    child.once("exit", (code) => reject(new Error(`simulator exited (${code}) before listening`)));
  });
}

/** Valid create bodies with session ids unique to this run (the simulator refuses a reused one). */
export function benchBodies(count, run) {
  return Array.from({ length: count }, (_, i) => ({
    model_name: "Kling",
    model_version: "2.1",
    prompt: `bench request ${i}`,
    output_config: { duration: 5, resolution: "720P" },
    session_id: `b-${run}-${i}`,
  }));
}

export async function measure(fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { result, seconds, cpuMs: (cpu.user + cpu.system) / 1000 };
}
