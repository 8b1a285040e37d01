// --retry-failed resends exactly what status calls "worth retrying": a moderation failure is not sent a
// second time (it would be paid for and fail again) unless --retry-all-failed asks for it.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";
import { applyCli, cliEnv, e2eSimulators } from "./apply-helpers.js";

const sims = e2eSimulators();

const MANIFEST = `version: 1
campaign: e2e
defaults:
  model_name: Kling
  model_version: "2.1"
  output_config: { resolution: 720P, duration: 5 }
videos:
  - name: ok
    prompt: a calm lake at dawn
  - name: busy
    prompt: "FAIL_ME:TaskTimeout a storm over the sea"
  - name: moderated
    prompt: FAIL_ME a forbidden scene
`;

describe("--retry-failed (end to end)", { timeout: 120_000 }, () => {
  it("resends only the failure its summary calls worth retrying", async () => {
    const sim = await sims.start({ latency: 0, createRatePerSecond: 0, taskDurationMs: 100 });
    const dir = await mkdtemp(join(tmpdir(), "reelform-retry-"));
    await writeFile(join(dir, "launch.yaml"), MANIFEST);
    const env = cliEnv(sim.url);
    expect((await applyCli(dir, env)).code).toBe(0);
    const status = await runCli(["status", "launch.yaml", "--wait", "--timeout", "60s"], { cwd: dir, env });
    expect(status.stdout).toContain("1 failure(s) worth retrying: reelform apply launch.yaml --retry-failed");
    expect(status.stdout).toMatch(/1 failure\(s\) caused by the request itself, not resent by --retry-failed/);

    const created = (): string[] => sim.state().tasks.map((t) => String(t.body.session_context));
    expect(created()).toHaveLength(3);
    const retry = await applyCli(dir, env, "--retry-failed");
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toMatch(/! moderated .*not resent by --retry-failed/);
    expect(created().slice(3)).toEqual(["reelform:e2e:busy"]);

    const all = await applyCli(dir, env, "--retry-all-failed", "--target", "moderated");
    expect(all.code, all.stderr).toBe(0);
    expect(created().slice(4)).toEqual(["reelform:e2e:moderated"]);
  });
});
