import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runDemo } from "../../src/demo.js";
import { SIM_FILE_SIZE } from "../../src/simulator/index.js";
import { REPO } from "../helpers/exec.js";

const FAKE_CLI = join(REPO, "test", "fixtures", "simulator", "fake-cli.mjs");

async function demo(env: Record<string, string> = {}, cli = FAKE_CLI, stopSignal?: AbortSignal) {
  const root = mkdtempSync(join(tmpdir(), "reelform-demo-test-"));
  const log = join(root, "calls.jsonl");
  const out = new PassThrough();
  let text = "";
  out.on("data", (d: Buffer) => (text += d.toString()));
  const code = await runDemo({
    repo: REPO,
    cli,
    env: { ...process.env, ...env, FAKE_CLI_LOG: log },
    out,
    tmpRoot: root,
    taskDurationMs: 200,
    inheritOutput: false,
    stopSignal,
  });
  const calls = existsSync(log)
    ? readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { command: string; rest: string[]; cwd: string; base: string; key: string })
    : [];
  return { code, text, calls, root };
}

describe("npm start (src/demo.ts)", () => {
  it("runs validate, plan, apply, status and pull in a temporary copy against a live simulator", async () => {
    const { code, text, calls, root } = await demo();
    expect(code).toBe(0);
    expect(calls.map((c) => [c.command, ...c.rest].join(" "))).toEqual([
      "validate demo.yaml",
      "plan demo.yaml",
      "apply demo.yaml --auto-approve",
      "status demo.yaml --wait --timeout 60s",
      `pull demo.yaml --dir ${join(calls[0]?.cwd ?? "", "out")}`,
      `review demo.yaml --dir ${join(calls[0]?.cwd ?? "", "out")} --out ${join(calls[0]?.cwd ?? "", "review")}`,
    ]);
    expect(calls[0]?.cwd.startsWith(root)).toBe(true);
    expect(existsSync(join(calls[0]?.cwd ?? "", "demo.yaml"))).toBe(true);
    expect(calls.every((c) => c.key === "sim-key" && /^http:\/\/127\.0\.0\.1:\d+$/.test(c.base))).toBe(true);
    expect(text).toMatch(/━━ 1\/6 check the manifest/);
    expect(text).toMatch(/━━ 5\/6 download the videos/);
    expect(text).toMatch(/━━ 6\/6 write the review page/);
    expect(text).toContain("fake apply ok");
    expect(text).toMatch(/1 task\(s\) created \(1 FINISH\)/);
    expect(text).toMatch(/1 file\(s\), 1234 bytes/);
  });

  it("stops at the first failing step with a message naming it, and exits non-zero", async () => {
    const { code, text, calls } = await demo({ FAKE_CLI_FAIL_AT: "apply" });
    expect(code).toBe(1);
    expect(calls.map((c) => c.command)).toEqual(["validate", "plan", "apply"]);
    expect(text).toMatch(/step 3 \(reelform apply\) failed with exit code 3/);
    expect(text).not.toMatch(/What happened/);
  });

  it("after Ctrl-C, lets the running step finish, starts no other, and exits 130", async () => {
    const stop = new AbortController();
    stop.abort();
    const { code, text, calls } = await demo({}, FAKE_CLI, stop.signal);
    expect(code).toBe(130);
    expect(calls.map((c) => c.command)).toEqual(["validate"]);
    expect(text).toMatch(/interrupted during step 1/);
  });

  it("runs the whole loop with the real built CLI", async () => {
    const { code, text } = await demo({}, join(REPO, "dist", "cli.js"));
    expect(code, text).toBe(0);
    const created = Number(/(\d+) task\(s\) created \((\d+) FINISH\)/.exec(text)?.[1]);
    expect(created).toBeGreaterThan(0);
    expect(text).toContain(`${created} task(s) created (${created} FINISH)`);
    expect(text).toContain(`Videos:   ${created} file(s), ${created * SIM_FILE_SIZE} bytes`);
    const page = /Review: {3}(file:\S+)/.exec(text)?.[1] ?? "";
    expect(readFileSync(fileURLToPath(page), "utf8")).toContain('"campaign":"demo"');
  }, 90_000);
});
