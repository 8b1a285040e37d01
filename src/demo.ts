// `npm start`: the whole reelform loop on the local simulator, in seconds, with no key and no network.
// Starts the simulator in-process, copies the demo manifest into a fresh temporary folder (the clone
// stays clean), runs the real built CLI step by step against it, then summarises what happened.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startSimulator, type RunningSimulator } from "./simulator/index.js";

export interface DemoOptions {
  /** The repository root (manifests/ and test/fixtures/ are looked up there). */
  repo: string;
  /** The CLI entry to run (default: <repo>/dist/cli.js). */
  cli?: string;
  env: NodeJS.ProcessEnv;
  out: NodeJS.WritableStream;
  /** Where the temporary folder is made (default: the OS temp folder). */
  tmpRoot?: string;
  /** Simulated task duration; short so the demo takes seconds. */
  taskDurationMs?: number;
  /** Steps write to this terminal directly (colours, progress); false: their output goes to `out` (tests). */
  inheritOutput?: boolean;
  /** Aborted on Ctrl-C: the running step gets the signal itself; no further step starts. */
  stopSignal?: AbortSignal;
}

interface Step {
  title: string;
  args: string[];
}

const STEPS = (outDir: string, reviewDir: string): Step[] => [
  { title: "check the manifest", args: ["validate", "demo.yaml"] },
  { title: "show what would be generated", args: ["plan", "demo.yaml"] },
  { title: "submit it (every TaskId goes into demo.lock.json)", args: ["apply", "demo.yaml", "--auto-approve"] },
  { title: "follow the tasks until they end", args: ["status", "demo.yaml", "--wait", "--timeout", "60s"] },
  { title: "download the videos", args: ["pull", "demo.yaml", "--dir", outDir] },
  { title: "write the review page", args: ["review", "demo.yaml", "--dir", outDir, "--out", reviewDir] },
];

/** Runs the demo; resolves to the exit code (0 when every step succeeded). */
export async function runDemo(options: DemoOptions): Promise<number> {
  const manifest = demoManifest(options.repo);
  if (!manifest) return fail(options.out, "no demo manifest found (manifests/demo.yaml)");
  const work = mkdtempSync(join(options.tmpRoot ?? tmpdir(), "reelform-demo-"));
  copyFileSync(manifest, join(work, "demo.yaml"));
  const simulator = await startSimulator({ taskDurationMs: options.taskDurationMs ?? 1500, seed: 1 });
  try {
    const env = { ...options.env, REELFORM_BASE_URL: simulator.url, REELFORM_API_KEY: "sim-key" };
    options.out.write(`reelform demo: simulator at ${simulator.url}, working in ${work}\n`);
    const steps = STEPS(join(work, "out"), join(work, "review"));
    for (const [i, step] of steps.entries()) {
      options.out.write(`\n━━ ${i + 1}/${steps.length} ${step.title}: reelform ${step.args.join(" ")}\n\n`);
      const code = await runStep(options.cli ?? join(options.repo, "dist", "cli.js"), step.args, {
        cwd: work,
        env,
        out: options.inheritOutput === false ? options.out : undefined,
      });
      if (options.stopSignal?.aborted)
        return fail(options.out, `interrupted during step ${i + 1}; files are in ${work}`, 130);
      if (code !== 0)
        return fail(
          options.out,
          `step ${i + 1} (reelform ${step.args[0]}) failed with exit code ${code}; files are in ${work}`,
        );
    }
    options.out.write(summary(simulator, work));
    return 0;
  } finally {
    await simulator.close();
  }
}

function demoManifest(repo: string): string | undefined {
  return [join(repo, "manifests", "demo.yaml"), join(repo, "test", "fixtures", "simulator", "demo.yaml")].find((p) =>
    existsSync(p),
  );
}

/** Async spawn: the simulator answers from this very process while the step runs. */
function runStep(
  cli: string,
  args: string[],
  io: { cwd: string; env: NodeJS.ProcessEnv; out?: NodeJS.WritableStream },
): Promise<number> {
  return new Promise((resolve) => {
    const stdio = io.out ? "pipe" : "inherit";
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: io.cwd,
      env: io.env,
      stdio: ["ignore", stdio, stdio],
    });
    child.stdout?.on("data", (d: Buffer) => io.out?.write(d));
    child.stderr?.on("data", (d: Buffer) => io.out?.write(d));
    child.on("error", () => resolve(1));
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function summary(simulator: RunningSimulator, work: string): string {
  const state = simulator.state();
  const byStatus = new Map<string, number>();
  for (const task of state.tasks) byStatus.set(task.status, (byStatus.get(task.status) ?? 0) + 1);
  const statuses = [...byStatus].map(([status, n]) => `${n} ${status}`).join(", ") || "none";
  const outDir = join(work, "out");
  const files = existsSync(outDir) ? listFiles(outDir) : [];
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  return [
    ``,
    `━━ What happened`,
    `  ${state.requests.length} requests reached the simulator; ${state.tasks.length} task(s) created (${statuses}).`,
    `  Lockfile: ${join(work, "demo.lock.json")} (commit it next to the manifest in a real project).`,
    `  Videos:   ${files.length} file(s), ${bytes} bytes, in ${outDir}`,
    `  Review:   ${pathToFileURL(join(work, "review", "index.html")).href} (open it in a browser; verdicts go to demo.review.yaml)`,
    `  Run \`npm start\` again for a fresh run; try \`npx reelform simulator --port 8787\` to experiment.`,
    ``,
  ].join("\n");
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function fail(out: NodeJS.WritableStream, message: string, code = 1): number {
  out.write(`\nreelform demo: ${message}\n`);
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const repo = fileURLToPath(new URL("..", import.meta.url));
  // Ctrl-C reaches the running step too (same process group); the demo waits for it, then stops.
  const stop = new AbortController();
  process.on("SIGINT", () => stop.abort());
  process.on("SIGTERM", () => stop.abort());
  runDemo({ repo, env: process.env, out: process.stdout, stopSignal: stop.signal }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(
        `reelform demo: internal error (this is a bug): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exitCode = 1;
    },
  );
}
