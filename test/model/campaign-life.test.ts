// Issue 21: a model-based test of a campaign's whole life (fast-check `fc.commands`), against the simulator.
//
// Random sequences of: data-row edits (remove, add, restore), prompt edits, renames with `renamed_from`, apply
// (with `--replace`, and sometimes SIGKILLed or SIGHUPed as a subprocess), status + pull, review verdicts, a git
// branch whose lockfile is merged back with the merge driver, and `import` of a task made outside reelform.
// After every step the invariants hold:
//   1. every task the simulator created is in the lockfile: by TaskId (current, earlier or retired), or, for a
//      create whose answer a kill cut off, by its session_id recorded as in doubt or duplicate;
//   2. no key's generation is a second task for the same request unless a replacement asked for it
//      (`--replace`, a rejected review verdict or an import): restores and renames never pay again;
//   3. every file a pull wrote (by its sha256) is still on disk, and no current output's file holds other bytes;
//   4. after an apply that completed, the plan is empty (`plan --detailed-exitcode` exits 0).
//
// Seeded and shrinking. A failure prints fast-check's seed and path; replay exactly that run with
//   REELFORM_MBT_SEED=<seed> REELFORM_MBT_PATH=<path> npx vitest run test/model/campaign-life.test.ts
// (REELFORM_MBT_RUNS=<n> changes the number of sequences, 200 by default).
//
// Why most steps run in-process: 200 sequences of up to 8 steps are ~1,500 commands; a subprocess each (Node
// start-up, compiling the manifest) would take minutes on a shared machine. The commands' own `run` functions
// are called with a command context (the same code the CLI runs after parsing its arguments), against the
// simulator over real sockets on 127.0.0.1. Only a kill needs a real process: `apply` is then spawned from
// dist/cli.js and sent SIGKILL or SIGHUP after a seeded delay. `--wait --pull` follows tasks on the real clock
// (first look after the duration estimate, at least a second between looks): too slow for 200 sequences, so the
// follow step here is `status` then `pull`; both paths keep earlier generations through the one implementation
// (src/pull/prepare.ts), and test/e2e/generations-every-path.test.ts runs `apply|status --wait --pull` itself.
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fileState } from "../../src/apply/file-state.js";
import { readEffectiveLockfile } from "../../src/apply/unfolded.js";
import type { CommandContext } from "../../src/command-context.js";
import { run as applyRun } from "../../src/commands/apply.js";
import { run as importRun } from "../../src/commands/import.js";
import { run as mergeRun } from "../../src/commands/merge-driver.js";
import { run as planRun } from "../../src/commands/plan.js";
import { run as pullRun } from "../../src/commands/pull.js";
import { run as statusRun } from "../../src/commands/status.js";
import { compileManifest } from "../../src/expand/compile.js";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";
import { writeReviewFile } from "../../src/review/review-io.js";
import { startSimulator, type RunningSimulator } from "../../src/simulator/index.js";
import { CLI } from "../helpers/exec.js";
import { systemClock } from "../../src/sched/clock.js";

const RUNS = Number(process.env.REELFORM_MBT_RUNS ?? 200);
const SEED = process.env.REELFORM_MBT_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.REELFORM_MBT_SEED);
const PATH = process.env.REELFORM_MBT_PATH;
const API_KEY = "sk-model-test";
const PRODUCTS = ["kettle", "mug", "teapot"];
const IDS = [1, 2, 3, 4];

/** What the test believes the campaign is; commands change it and the real campaign alike. */
interface Model {
  rows: Map<number, string>;
  prompt: number;
  /** Name prefix generation: a rename goes from v<k> to v<k+1> with renamed_from. */
  prefix: number;
  /** Keys whose next generation was asked for (--replace, rejected verdict, import). */
  replaced: Set<string>;
  /** An apply was cut off (a kill): the next plan may re-send in-doubt requests. */
  cut: boolean;
}

interface Real {
  dir: string;
  sim: RunningSimulator;
  /** sha256 of every file a pull wrote. */
  pulled: Set<string>;
  /** Simulated time ahead of the wall clock (tasks finish as it moves). */
  ahead: { ms: number };
  log: string[];
}

function manifestText(m: Model): string {
  const renamed = m.prefix > 0 ? `\n    renamed_from: "v${m.prefix - 1}-{{id}}"` : "";
  return [
    "version: 1",
    "campaign: life",
    "defaults:",
    "  model_name: Kling",
    '  model_version: "2.1"',
    "  output_config: { resolution: 720P, duration: 5 }",
    "videos:",
    `  - name: "v${m.prefix}-{{id}}"${renamed}`,
    "    rows: products.csv",
    `    prompt: "{{product}} on a table, take ${m.prompt}"`,
    "",
  ].join("\n");
}

async function writeCampaign(m: Model, dir: string): Promise<void> {
  await writeFile(join(dir, "launch.yaml"), manifestText(m));
  const rows = [...m.rows.entries()].sort(([a], [b]) => a - b).map(([id, product]) => `${id},${product}`);
  // An empty data file is an error (no rows); a campaign with every row removed keeps a placeholder row 0.
  await writeFile(join(dir, "products.csv"), `id,product\n${rows.length > 0 ? rows.join("\n") : "0,placeholder"}\n`);
}

function context(real: Real, abort = new AbortController()): { ctx: CommandContext; out: () => string } {
  let text = "";
  const sink = new PassThrough();
  sink.on("data", (d: Buffer) => (text += d.toString()));
  const ctx: CommandContext = {
    env: { REELFORM_API_KEY: API_KEY, REELFORM_BASE_URL: real.sim.url, NO_COLOR: "1", CI: "1" },
    cwd: real.dir,
    stdout: sink,
    stderr: sink,
    stdin: Readable.from([]),
    isTTY: false,
    stdinIsTTY: false,
    color: false,
    ci: true,
    stopSignal: abort.signal,
    abortSignal: abort.signal,
  };
  return { ctx, out: () => text };
}

async function effective(real: Real): Promise<Lockfile | null> {
  return (await readEffectiveLockfile(fileState(join(real.dir, "launch.lock.json"), systemClock))).lockfile;
}

function generations(entry: LockEntry): Omit<LockEntry, "earlier">[] {
  const { earlier, ...current } = entry;
  return [...(earlier ?? []), current];
}

async function checkInvariants(m: Model, real: Real): Promise<void> {
  const lock = await effective(real);
  const taskIds = new Set<string>();
  const unsure = new Set<string>();
  for (const entry of Object.values(lock?.entries ?? {})) {
    for (const g of generations(entry)) {
      if (g.task_id) taskIds.add(g.task_id);
      if (g.submission === "in_doubt" || g.submission === "duplicate") unsure.add(g.session_id);
    }
  }
  // 1. Every task the simulator created is recorded.
  for (const task of real.sim.state().tasks) {
    const sessionId = String(task.body.session_id ?? "");
    expect(
      taskIds.has(task.task_id) || unsure.has(sessionId),
      `task ${task.task_id} (${String(task.body.session_context)}) is not in the lockfile`,
    ).toBe(true);
  }
  // 2. No second task for the same request unless asked for.
  for (const [key, entry] of Object.entries(lock?.entries ?? {})) {
    const gens = generations(entry).filter((g) => g.submission !== "rejected");
    for (let i = 1; i < gens.length; i++) {
      const [a, b] = [gens[i - 1] as LockEntry, gens[i] as LockEntry];
      if (a.hash === b.hash)
        expect(
          m.replaced.has(key) || m.cut,
          `${key}: generation ${b.generation} repeats generation ${a.generation}'s request`,
        ).toBe(true);
    }
  }
  // 3. Every pulled file is still there, and the current name holds the current generation's bytes.
  const folder = join(real.dir, "out", "life");
  const onDisk = new Map<string, string>();
  for (const name of existsSync(folder) ? await readdir(folder) : []) {
    if (!name.endsWith(".part"))
      onDisk.set(
        name,
        createHash("sha256")
          .update(await readFile(join(folder, name)))
          .digest("hex"),
      );
  }
  const present = new Set(onDisk.values());
  for (const sha of real.pulled)
    expect(present.has(sha), `a pulled file (sha256 ${sha.slice(0, 12)}…) is gone`).toBe(true);
  for (const [key, entry] of Object.entries(lock?.entries ?? {})) {
    const output = entry.task?.outputs[0];
    const there = onDisk.get(`${key}.mp4`);
    if (output?.sha256 && there !== undefined && entry.retired_at === undefined)
      expect(there, `${key}.mp4 holds another generation's bytes`).toBe(output.sha256);
  }
}

async function planIsEmpty(real: Real): Promise<void> {
  const { ctx, out } = context(real);
  const code = await planRun(ctx, "launch.yaml", { detailedExitcode: true });
  expect(code, `plan after a completed apply is not empty:\n${out()}`).toBe(0);
}

type Step = fc.AsyncCommand<Model, Real>;

const step = (name: string, check: (m: Model) => boolean, run: (m: Model, r: Real) => Promise<void>): Step => ({
  check,
  async run(m, r) {
    r.log.push(name);
    const t0 = Date.now();
    await run(m, r);
    const t1 = Date.now();
    await checkInvariants(m, r);
    if (process.env.REELFORM_MBT_TIMING) console.log(`${name}: ${t1 - t0} ms + invariants ${Date.now() - t1} ms`);
  },
  toString: () => name,
});

const removeRow = (id: number) =>
  step(
    `remove row ${id}`,
    (m) => m.rows.has(id),
    async (m, r) => {
      m.rows.delete(id);
      await writeCampaign(m, r.dir);
    },
  );

const addRow = (id: number, product: string) =>
  step(
    `add row ${id} ${product}`,
    (m) => m.rows.get(id) !== product,
    async (m, r) => {
      m.rows.set(id, product);
      await writeCampaign(m, r.dir);
    },
  );

const editPrompt = (variant: number) =>
  step(
    `prompt ${variant}`,
    (m) => m.prompt !== variant,
    async (m, r) => {
      m.prompt = variant;
      await writeCampaign(m, r.dir);
    },
  );

const rename = () =>
  step(
    "rename (renamed_from)",
    (m) => m.prefix < 3,
    async (m, r) => {
      m.prefix += 1;
      // A key replaced under its old name keeps that history under the new one.
      for (const key of [...m.replaced]) m.replaced.add(key.replace(/^v\d+-/, `v${m.prefix}-`));
      await writeCampaign(m, r.dir);
    },
  );

const apply = (replace: number | undefined) =>
  step(
    `apply${replace === undefined ? "" : ` --replace v*-${replace}`}`,
    () => true,
    async (m, r) => {
      const key = replace === undefined ? undefined : `v${m.prefix}-${replace}`;
      if (key !== undefined && m.rows.has(replace as number)) m.replaced.add(key);
      const { ctx, out } = context(r);
      const code = await applyRun(ctx, "launch.yaml", {
        autoApprove: true,
        rate: 0,
        ...(key !== undefined ? { replace: [key] } : {}),
      });
      expect(code, out()).toBe(0);
      m.cut = false;
      await planIsEmpty(r);
    },
  );

const killedApply = (signal: "SIGKILL" | "SIGHUP", delayMs: number) =>
  step(
    `apply killed by ${signal} after ${delayMs} ms`,
    () => true,
    async (m, r) => {
      const child = spawn(process.execPath, [CLI, "apply", "launch.yaml", "--auto-approve", "--rate", "0"], {
        cwd: r.dir,
        env: { ...process.env, REELFORM_API_KEY: API_KEY, REELFORM_BASE_URL: r.sim.url, NO_COLOR: "1", CI: "1" },
        stdio: "ignore",
      });
      const timer = setTimeout(() => child.kill(signal), delayMs);
      await new Promise((resolve) => child.on("close", resolve));
      clearTimeout(timer);
      m.cut = true;
    },
  );

const statusAndPull = () =>
  step(
    "status + pull",
    () => true,
    async (_m, r) => {
      r.ahead.ms += 5_000; // every task submitted so far has finished
      if (!existsSync(join(r.dir, "launch.lock.json"))) return; // nothing applied yet: both commands say so (exit 1)
      for (const [run, args] of [
        [statusRun, {}],
        [pullRun, {}],
      ] as const) {
        const { ctx, out } = context(r);
        const code = await (run as (c: CommandContext, f: string, o: object) => Promise<number>)(
          ctx,
          "launch.yaml",
          args,
        );
        expect([0], out()).toContain(code);
      }
      const folder = join(r.dir, "out", "life");
      for (const name of existsSync(folder) ? await readdir(folder) : [])
        r.pulled.add(
          createHash("sha256")
            .update(await readFile(join(folder, name)))
            .digest("hex"),
        );
    },
  );

const verdict = (id: number, kind: "approved" | "rejected") =>
  step(
    `review ${kind} v*-${id}`,
    (m) => m.rows.has(id),
    async (m, r) => {
      const key = `v${m.prefix}-${id}`;
      const entry = (await effective(r))?.entries[key];
      if (!entry?.task_id) return;
      if (kind === "rejected") m.replaced.add(key);
      const at = new Date().toISOString();
      await writeReviewFile(
        join(r.dir, "launch.review.yaml"),
        {
          campaign: "life",
          verdicts: [{ key, generation: entry.generation, verdict: kind, at, task_id: entry.task_id }],
        },
        join(r.dir, "launch.yaml"),
      );
    },
  );

const branchAndMerge = (id: number) =>
  step(
    `branch: apply row ${id} there, merge back`,
    (m) => !m.rows.has(id) && !m.cut,
    async (m, r) => {
      const branch = join(r.dir, `branch-${r.log.length}`);
      await mkdir(branch);
      const lockfile = join(r.dir, "launch.lock.json");
      if (existsSync(lockfile)) await copyFile(lockfile, join(branch, "launch.lock.json"));
      await writeCampaign({ ...m, rows: new Map([...m.rows, [id, "branch-only"]]) }, branch);
      const onBranch = context({ ...r, dir: branch });
      expect(await applyRun(onBranch.ctx, "launch.yaml", { autoApprove: true, rate: 0 }), onBranch.out()).toBe(0);
      if (!existsSync(lockfile)) await writeFile(lockfile, await readFile(join(branch, "launch.lock.json")));
      const merged = context(r);
      expect(
        await mergeRun(
          merged.ctx,
          join(branch, "launch.lock.json"),
          "launch.lock.json",
          join(branch, "launch.lock.json"),
          "launch.lock.json",
        ),
        merged.out(),
      ).toBe(0);
      await rm(branch, { recursive: true });
    },
  );

const importTask = (id: number) =>
  step(
    `import a console task for v*-${id}`,
    (m) => m.rows.has(id),
    async (m, r) => {
      const key = `v${m.prefix}-${id}`;
      const lock = await effective(r);
      if (lock && Object.hasOwn(lock.entries, key)) return; // import is for keys not generated yet
      const expanded = await compileManifest(join(r.dir, "launch.yaml"), { cwd: r.dir, env: {} });
      const request = expanded.requests.find((q) => q.key === key);
      if (!request) return;
      const answer = await fetch(`${r.sim.url}/tencent-vod/v1/aigc-video`, {
        method: "POST",
        headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(request.body),
      });
      const taskId = ((await answer.json()) as { Response?: { TaskId?: string } }).Response?.TaskId;
      expect(taskId).toBeDefined();
      m.replaced.add(key);
      const { ctx, out } = context(r);
      expect(await importRun(ctx, "launch.yaml", key, taskId as string, {}), out()).toBe(0);
    },
  );

const steps = [
  fc.constantFrom(...IDS).map(removeRow),
  fc.tuple(fc.constantFrom(...IDS), fc.constantFrom(...PRODUCTS)).map(([id, p]) => addRow(id, p)),
  fc.integer({ min: 0, max: 2 }).map(editPrompt),
  fc.constant(null).map(rename),
  fc.option(fc.constantFrom(...IDS), { nil: undefined, freq: 3 }).map(apply),
  fc.constant(null).map(() => apply(undefined)),
  fc.constant(null).map(statusAndPull),
  fc
    .tuple(fc.constantFrom(...IDS), fc.constantFrom("approved" as const, "rejected" as const))
    .map(([id, k]) => verdict(id, k)),
  fc.constantFrom(...IDS).map(branchAndMerge),
  fc.constantFrom(...IDS).map(importTask),
];
/** Kills are subprocesses (~0.3 s each): in about one sequence in ten. */
const kill = fc
  .tuple(fc.constantFrom("SIGKILL" as const, "SIGHUP" as const), fc.integer({ min: 150, max: 700 }))
  .map(([s, d]) => killedApply(s, d));

describe("a campaign's whole life (model-based, issue 21)", () => {
  it(
    `keeps every paid task, pays once per request, keeps every pulled file (${RUNS} sequences)`,
    { timeout: 600_000 },
    async () => {
      if (!existsSync(CLI)) throw new Error("run `npm run build` first");
      const sequences = fc.tuple(
        fc.commands(steps, { maxCommands: 7 }),
        fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(kill, fc.nat(6)) }),
      );
      const property = fc.asyncProperty(sequences, async ([commands, killAt]) => {
        // One simulator per sequence: session ids repeat across sequences (same campaign and keys).
        const ahead = { ms: 0 };
        const sim = await startSimulator({
          latency: 0,
          createRatePerSecond: 0,
          taskDurationMs: 1000,
          fileSize: 4096,
          now: () => Date.now() + ahead.ms,
        });
        const dir = await mkdtemp(join(tmpdir(), "reelform-life-"));
        const model: Model = {
          rows: new Map([
            [1, "kettle"],
            [2, "mug"],
            [3, "teapot"],
          ]),
          prompt: 0,
          prefix: 0,
          replaced: new Set(),
          cut: false,
        };
        const real: Real = { dir, sim, pulled: new Set(), ahead, log: [] };
        await writeCampaign(model, dir);
        const list = [...commands];
        if (killAt) list.splice(Math.min(killAt[1], list.length), 0, killAt[0]);
        try {
          await fc.asyncModelRun(() => ({ model, real }), list);
        } finally {
          await sim.close();
          await rm(dir, { recursive: true, force: true });
        }
      });
      const started = Date.now();
      console.log(
        `campaign life: seed ${SEED} (replay: REELFORM_MBT_SEED=${SEED} npx vitest run test/model/campaign-life.test.ts)`,
      );
      await fc.assert(property, { numRuns: RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}), verbose: 1 });
      console.log(`campaign life: ${RUNS} sequences in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  );
});
