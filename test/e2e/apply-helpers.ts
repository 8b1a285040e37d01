import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { afterEach, beforeAll, expect } from "vitest";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../src/simulator/index.js";
import { CLI, type CliResult } from "../helpers/exec.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";

export const API_KEY = "sk-e2e-SECRET-7f3a9c";

/** A manifest with `count` videos (clip-1 … clip-N) in a fresh folder (or in `into`). */
export async function campaignDir(
  count: number,
  extra = "",
  into?: string,
): Promise<{ dir: string; manifest: string; lockfile: string }> {
  const dir = into ?? (await mkdtemp(join(tmpdir(), "reelform-apply-e2e-")));
  const numbers = Array.from({ length: count }, (_, i) => i + 1).join(", ");
  const yaml = [
    "version: 1",
    "campaign: e2e",
    extra,
    "defaults:",
    "  model_name: Kling",
    '  model_version: "2.1"',
    "  output_config: { resolution: 720P, duration: 5 }",
    "videos:",
    '  - name: "clip-{{n}}"',
    '    prompt: "clip number {{n}} on a wooden table"',
    "    matrix:",
    `      n: [${numbers}]`,
    "",
  ].join("\n");
  await writeFile(join(dir, "launch.yaml"), yaml);
  return { dir, manifest: join(dir, "launch.yaml"), lockfile: join(dir, "launch.lock.json") };
}

/** The top of a test manifest: version, campaign and Kling 2.1 defaults (720P, 5 s); videos follow. */
export function manifestHead(campaign: string): string[] {
  return [
    "version: 1",
    `campaign: ${campaign}`,
    "defaults:",
    "  model_name: Kling",
    '  model_version: "2.1"',
    "  output_config: { resolution: 720P, duration: 5 }",
  ];
}

/** Create requests the simulator received (each would be a paid task). */
export function createRequests(sim: Pick<RunningSimulator, "state">): number {
  return sim.state().requests.filter((r) => r.method === "POST" && r.path.endsWith("/aigc-video")).length;
}

export function cliEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("REELFORM_") && k !== "GITHUB_ACTIONS") env[k] = v;
  return { ...env, NO_COLOR: "1", CI: "1", REELFORM_API_KEY: API_KEY, REELFORM_BASE_URL: url, ...extra };
}

/** CLIs still running: a test that times out must not leave them behind (they would keep the CPU busy). */
const running = new Set<ChildProcess>();

export function killStrayClis(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}
process.once("exit", killStrayClis);

/** Spawns the built CLI; the caller may kill it. */
export function startCli(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  running.add(child);
  child.on("close", () => running.delete(child));
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin?.end();
  const done = new Promise<CliResult>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export function applyCli(cwd: string, env: Record<string, string>, ...flags: string[]): Promise<CliResult> {
  return startCli(["apply", "launch.yaml", "--auto-approve", ...flags], cwd, env).done;
}

export async function readLock(path: string): Promise<{
  entries: Record<string, { submission: string; task_id?: string; session_id: string; generation: number }>;
}> {
  // As reelform reads it: format 2 leaves out what the rest of an entry gives (lockfile/stored-shape.ts).
  return parseLockfileText(await readFile(path, "utf8"), path);
}

/** Every file below dir, with its text. */
export async function allFiles(dir: string): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? dir, entry.name);
    out.push({ path, text: await readFile(path, "utf8") });
  }
  return out;
}

export function until(predicate: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = async (): Promise<void> => {
      if (await predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error("timed out waiting"));
      setTimeout(() => void tick(), 20);
    };
    void tick();
  });
}

/**
 * The setup every end-to-end file shares: the built CLI must exist (`npm test` builds first), and after each
 * test the CLIs it left running are killed and the simulators it started are closed.
 */
export function e2eSimulators(): {
  start(options?: SimulatorOptions): Promise<RunningSimulator>;
  last(): RunningSimulator;
} {
  let started: RunningSimulator[] = [];
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error("run `npm run build` first");
  });
  afterEach(async () => {
    killStrayClis();
    await Promise.all(started.map((sim) => sim.close()));
    started = [];
  });
  return {
    async start(options) {
      const sim = await startSimulator(options);
      started.push(sim);
      return sim;
    },
    /** The simulator this test started last. */
    last() {
      const sim = started.at(-1);
      if (!sim) throw new Error("no simulator started in this test");
      return sim;
    },
  };
}

/** TaskIds of the tasks the simulator created, by key (from the session_context apply adds: "reelform:e2e:<key>"). */
export function simTasksByKey(s: RunningSimulator): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const task of s.state().tasks) {
    const key = String(task.body.session_context ?? "").replace(/^reelform:e2e:/, "");
    byKey.set(key, [...(byKey.get(key) ?? []), task.task_id]);
  }
  return byKey;
}

/** The protocol's promises, checked against what the simulator really created. */
export async function expectConsistent(
  s: RunningSimulator,
  lockfile: string,
  count: number,
  read: (lockfile: string) => Promise<Awaited<ReturnType<typeof readLock>>> = readLock,
): Promise<void> {
  const lock = await read(lockfile);
  const byKey = simTasksByKey(s);
  for (const [key, tasks] of byKey) expect(tasks, `two tasks created for ${key}`).toHaveLength(1);
  expect(Object.keys(lock.entries)).toHaveLength(count);
  for (const [key, entry] of Object.entries(lock.entries)) {
    expect(["created", "duplicate"]).toContain(entry.submission);
    if (entry.submission === "created") expect(byKey.get(key), key).toEqual([entry.task_id]);
    else expect(byKey.get(key), `duplicate ${key} exists in the simulator`).toHaveLength(1);
  }
  expect(byKey.size).toBe(count);
}

/**
 * Starts the CLI and sends it `signal` once `ready()` holds (e.g. "the simulator has seen a request"), as a
 * dropped SSH session (SIGHUP), a CI cancellation (SIGTERM) or a kill -9 would.
 */
export async function signalWhen(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  signal: NodeJS.Signals,
  ready: () => boolean | Promise<boolean>,
): Promise<CliResult> {
  const { child, done } = startCli(args, cwd, env);
  await until(async () => (await ready()) || child.exitCode !== null, 60_000);
  child.kill(signal);
  return done;
}
