// Issue 22, items 1-3: video keys named like object properties (`__proto__`, `constructor`, `toString`, …) and
// forged records. Every TaskId the API created is recorded once, and the lockfile stays readable.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";
import { cliEnv, e2eSimulators, simTasksByKey } from "./apply-helpers.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";

const sims = e2eSimulators();
const PROPERTY_KEYS = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"];

async function propertyKeyCampaign(keys: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "reelform-keys-"));
  const yaml = [
    "version: 1",
    "campaign: e2e",
    "defaults:",
    "  model_name: Kling",
    '  model_version: "2.1"',
    "  output_config: { resolution: 720P, duration: 5 }",
    "videos:",
    '  - name: "{{k}}"',
    '    prompt: "a clip named {{k}}"',
    "    matrix:",
    `      k: [${keys.map((k) => JSON.stringify(k)).join(", ")}]`,
    "",
  ].join("\n");
  await writeFile(join(dir, "launch.yaml"), yaml);
  return dir;
}

interface Entry {
  task_id?: string;
  session_id: string;
  generation: number;
  submission: string;
  earlier?: { task_id?: string }[];
}

async function lockEntries(dir: string): Promise<Map<string, Entry>> {
  // Read as reelform reads it (format 2 leaves out what the rest of an entry gives: lockfile/stored-shape.ts).
  const lock = parseLockfileText(await readFile(join(dir, "launch.lock.json"), "utf8"), "launch.lock.json");
  return new Map(Object.entries(lock.entries) as [string, Entry][]);
}

function expectClean(result: { code: number | null; stderr: string }, code = 0): void {
  expect(result.stderr).not.toMatch(/internal error|TypeError|    at /);
  expect(result.code, result.stderr).toBe(code);
}

describe("1. keys named like object properties through apply", () => {
  it(
    "every key's TaskId is recorded once, the next apply creates nothing, and status, list and plan read the lockfile",
    { timeout: 120_000 },
    async () => {
      const sim = await sims.start();
      const dir = await propertyKeyCampaign([...PROPERTY_KEYS, "ordinary"]);
      const env = cliEnv(sim.url);
      expectClean(await runCli(["apply", "launch.yaml", "--auto-approve"], { cwd: dir, env }));
      const entries = await lockEntries(dir);
      const created = simTasksByKey(sim);
      expect([...entries.keys()].sort()).toEqual([...PROPERTY_KEYS, "ordinary"].sort());
      for (const key of [...PROPERTY_KEYS, "ordinary"]) {
        expect(entries.get(key)?.submission, key).toBe("created");
        expect(entries.get(key)?.earlier, key).toBeUndefined();
        expect([entries.get(key)?.task_id], key).toEqual(created.get(key));
      }
      expectClean(await runCli(["apply", "launch.yaml", "--auto-approve"], { cwd: dir, env }));
      expect(sim.state().tasks).toHaveLength(PROPERTY_KEYS.length + 1);
      const plan = await runCli(["plan", "launch.yaml"], { cwd: dir, env });
      expectClean(plan);
      expect(plan.stdout).toMatch(/No changes|nothing to do/i);
      expectClean(await runCli(["status", "launch.yaml"], { cwd: dir, env }));
      const list = await runCli(["list", "launch.yaml"], { cwd: dir, env });
      expectClean(list);
      for (const key of PROPERTY_KEYS) expect(list.stdout).toContain(key);
      const show = await runCli(["show", "launch.yaml", "__proto__"], { cwd: dir, env });
      expectClean(show);
      expect(show.stdout).toContain(entries.get("__proto__")?.task_id);
    },
  );
});

function lockfileText(entries: Record<string, Entry & { hash?: string; body?: object }>): string {
  const out = Object.create(null) as Record<string, object>;
  for (const [key, e] of Object.entries(entries))
    out[key] = { hash: `sha256:${"a".repeat(64)}`, body: { session_id: e.session_id }, ...e };
  return `${JSON.stringify({ format_version: 1, campaign: "e2e", entries: out }, null, 2)}\n`;
}

function entry(session: string, taskId: string): Entry {
  return { generation: 1, session_id: session, submission: "created", task_id: taskId };
}

describe("2. the merge driver and the same keys", () => {
  it("theirs' entries named like object properties are merged in, none lost, exit 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reelform-keys-merge-"));
    const ours = Object.create(null) as Record<string, Entry>;
    ours["clip-1"] = entry("s-ours-1", "1-AigcVideoTask-aa01t");
    ours["constructor"] = entry("s-ours-2", "1-AigcVideoTask-aa02t");
    const theirs = Object.create(null) as Record<string, Entry>;
    for (const [i, key] of PROPERTY_KEYS.entries()) theirs[key] = entry(`s-theirs-${i}`, `1-AigcVideoTask-bb0${i}t`);
    await writeFile(join(dir, "ours.json"), lockfileText(ours));
    await writeFile(join(dir, "theirs.json"), lockfileText(theirs));
    await writeFile(join(dir, "base.json"), "");
    const result = await runCli(["merge-driver", "base.json", "ours.json", "theirs.json", "m.lock.json"], { cwd: dir });
    expectClean(result);
    const merged = JSON.parse(await readFile(join(dir, "ours.json"), "utf8")) as { entries: object };
    const kept = new Map(Object.entries(merged.entries) as [string, Entry][]);
    expect([...kept.keys()].sort()).toEqual(["clip-1", ...PROPERTY_KEYS].sort());
    const taskIds = [...kept.values()].flatMap((e) => [e.task_id, ...(e.earlier ?? []).map((g) => g.task_id)]).sort();
    expect(taskIds).toEqual([...Object.values(ours), ...Object.values(theirs)].map((e) => e.task_id).sort());
    expect((await runCli(["list", "m.yaml"], { cwd: dir })).stderr).not.toMatch(/TypeError/);
  });
});

describe("3. recover --from trusts nothing it reads", () => {
  async function recorded(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "reelform-keys-recover-"));
    await writeFile(join(dir, "launch.yaml"), "version: 1\ncampaign: e2e\nvideos: []\n");
    const entries = Object.create(null) as Record<string, Entry>;
    entries["clip-1"] = entry("s-1", "1-AigcVideoTask-aa01t");
    await writeFile(join(dir, "launch.lock.json"), lockfileText(entries));
    return dir;
  }
  const at = "2026-12-01T00:00:00.000Z";

  /** `recover --from` a file of these records; it must end cleanly (exit 0, no stack trace). */
  async function recoverFrom(dir: string, records: object[]): Promise<Awaited<ReturnType<typeof runCli>>> {
    await writeFile(join(dir, "forged.ndjson"), `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const result = await runCli(["recover", "launch.yaml", "--from", "forged.ndjson"], { cwd: dir });
    expectClean(result);
    return result;
  }

  it("a forged created record for a recorded session_id does not replace its TaskId: both are kept", async () => {
    const dir = await recorded();
    await recoverFrom(dir, [
      { t: "created", key: "clip-1", session_id: "s-1", generation: 1, task_id: "1-AigcVideoTask-evil1t", at },
    ]);
    const e = (await lockEntries(dir)).get("clip-1");
    expect(e?.task_id).toBe("1-AigcVideoTask-aa01t");
    expect(e?.earlier?.map((g) => g.task_id)).toEqual(["1-AigcVideoTask-evil1t"]);
  });

  it("TaskIds and generations the API path would refuse are refused, and said so", async () => {
    const dir = await recorded();
    const lines = [
      { t: "created", key: "clip-2", session_id: "s-2", generation: 1, task_id: "bad id\u001b[2J\n::error::x", at },
      { t: "created", key: "clip-3", session_id: "s-3", generation: 1, task_id: "x".repeat(5_000_000), at },
      { t: "created", key: "clip-4", session_id: "s-4", generation: 1e308, task_id: "1-AigcVideoTask-cc04t", at },
      { t: "created", key: "clip-5", session_id: "s-5", generation: 1, task_id: "1-AigcVideoTask-cc05t", at },
    ];
    const result = await recoverFrom(dir, lines);
    expect(result.stdout).toContain("3 line(s) refused");
    expect(result.stdout + result.stderr).not.toContain("::error::");
    const entries = await lockEntries(dir);
    expect([...entries.keys()].sort()).toEqual(["clip-1", "clip-5"]);
  });

  it("records for keys named __proto__ and constructor keep the lockfile readable, and the outcome count is right", async () => {
    const dir = await recorded();
    const lines = [
      { t: "created", key: "__proto__", session_id: "s-p", generation: 1, task_id: "1-AigcVideoTask-dd01t", at },
      { t: "created", key: "constructor", session_id: "s-c", generation: 1, task_id: "1-AigcVideoTask-dd02t", at },
    ];
    const result = await recoverFrom(dir, lines);
    expect(result.stdout).toContain("2 outcome(s) recorded");
    const entries = await lockEntries(dir);
    expect(entries.get("__proto__")?.task_id).toBe("1-AigcVideoTask-dd01t");
    expect(entries.get("constructor")?.task_id).toBe("1-AigcVideoTask-dd02t");
    expectClean(await runCli(["list", "launch.yaml"], { cwd: dir }));
  });
});
