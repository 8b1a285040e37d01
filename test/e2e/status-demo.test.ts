// The whole loop on the demo manifest, as a user runs it: apply -> status --wait -> pull -> pull again.
import { copyFileSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import { startSimulator, type RunningSimulator } from "../../src/simulator/index.js";
import { REPO, runCli } from "../helpers/exec.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const fileRequests = (s: RunningSimulator) =>
  s.state().requests.filter((r) => r.path.startsWith("/__sim/files/")).length;

describe("apply, status --wait, pull on manifests/demo.yaml", () => {
  it("brings every video home, and a second pull downloads nothing", async () => {
    sim = await startSimulator({ taskDurationMs: 300, createRatePerSecond: 0 });
    const dir = mkdtempSync(join(tmpdir(), "reelform-e2e-demo-"));
    copyFileSync(join(REPO, "manifests", "demo.yaml"), join(dir, "demo.yaml"));
    const env = { REELFORM_API_KEY: "demo-key", REELFORM_BASE_URL: sim.url, CI: "true" };

    const apply = await runCli(["apply", "demo.yaml", "--auto-approve"], { cwd: dir, env });
    expect(apply.code, apply.stderr).toBe(0);
    const applied = await readLockfile(join(dir, "demo.lock.json"));
    const keys = Object.keys(applied?.entries ?? {});
    expect(keys).toHaveLength(6);

    const status = await runCli(["status", "demo.yaml", "--wait", "--timeout", "60s"], { cwd: dir, env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain("6 task(s): 6 succeeded");

    const pull = await runCli(["pull", "demo.yaml", "--dir", "out"], { cwd: dir, env });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toContain("pulled 6 file(s)");
    const files = readdirSync(join(dir, "out", "demo")).sort();
    expect(files).toEqual(keys.map((k) => `${k}.mp4`).sort());
    expect(files.every((f) => statSync(join(dir, "out", "demo", f)).size > 0)).toBe(true);
    const pulled = await readLockfile(join(dir, "demo.lock.json"));
    expect(Object.values(pulled?.entries ?? {}).every((e) => e.task?.outputs[0]?.sha256?.length === 64)).toBe(true);

    const before = fileRequests(sim);
    const again = await runCli(["pull", "demo.yaml", "--dir", "out"], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("pulled 0 file(s) (0 bytes), 6 already complete, 0 failed");
    expect(fileRequests(sim)).toBe(before);
  });
});
