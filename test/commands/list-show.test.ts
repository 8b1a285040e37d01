// reelform list / show: what the lockfile records, without reading JSON by hand.
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliEnv, e2eSimulators } from "../e2e/apply-helpers.js";
import { REPO, runCli } from "../helpers/exec.js";

const sims = e2eSimulators();
let dir: string;

describe("reelform list and show", () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "reelform-list-"));
    copyFileSync(join(REPO, "manifests", "demo.yaml"), join(dir, "demo.yaml"));
  });

  it("list and show an applied campaign, as text and JSON", async () => {
    const sim = await sims.start({ taskDurationMs: 100 });
    const applied = await runCli(["apply", "demo.yaml", "--auto-approve", "--wait"], {
      cwd: dir,
      env: cliEnv(sim.url),
    });
    expect(applied.code, applied.stderr).toBe(0);

    const list = await runCli(["list", "demo.yaml"], { cwd: dir });
    expect(list.code).toBe(0);
    expect(list.stdout.split("\n")[0]).toMatch(/^KEY\s+GEN\s+STATE\s+TASK ID$/);
    expect(list.stdout).toMatch(/^demo-kite-hailuo\s+1\s+succeeded\s+\S+-AigcVideoTask-\S+$/m);
    const rows = JSON.parse((await runCli(["list", "demo.yaml", "--json"], { cwd: dir })).stdout) as {
      key: string;
      state: string;
      task_id: string;
    }[];
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.state === "succeeded" && r.task_id)).toBe(true);

    const show = await runCli(["show", "demo.yaml", "demo-mug-vidu"], { cwd: dir });
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^key:\s+demo-mug-vidu$/m);
    expect(show.stdout).toMatch(/^state:\s+succeeded \(FINISH, 100%\)/m);
    expect(show.stdout).toMatch(/^output:\s+http:\/\/127\.0\.0\.1:\d+\/__sim\/files\//m);
    expect(show.stdout).toContain('"model_name": "Vidu"');
    const entry = JSON.parse((await runCli(["show", "demo.yaml", "demo-mug-vidu", "--json"], { cwd: dir })).stdout) as {
      key: string;
      task_id: string;
      body: { model_name: string };
    };
    expect(entry).toMatchObject({ key: "demo-mug-vidu", body: { model_name: "Vidu" } });
    expect(entry.task_id).toBe(rows.find((r) => r.key === "demo-mug-vidu")?.task_id);
  });

  it("show: an unknown key is one clear error with did-you-mean", async () => {
    writeFileSync(join(dir, "x.yaml"), "");
    writeFileSync(join(dir, "x.lock.json"), JSON.stringify({ format_version: 1, campaign: "x", entries: {} }));
    const result = await runCli(["show", "demo.yaml", "demo-mug-vido"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /no key "demo-mug-vido" in the lockfile of demo\.yaml \(did you mean "demo-mug-vidu"\?\)/,
    );
  });

  it("show: a damaged entry is reported at its line, as the full read reports it (issue 24)", async () => {
    const sub = mkdtempSync(join(tmpdir(), "reelform-show-damaged-"));
    writeFileSync(join(sub, "d.yaml"), "version: 1\ncampaign: d\nvideos: []\n");
    const hash = `sha256:${"ab".repeat(32)}`;
    const body = `"body": {"model_name":"Kling"}`;
    const entryText = (key: string, generation: string) =>
      `    "${key}": {\n      "hash": "${hash}",\n      "generation": ${generation},\n      "session_id": "s-${key}",\n      "submission": "in_doubt",\n      "submitted_at": "2026-11-24T09:59:00Z",\n      ${body}\n    }`;
    const text = (generation: string) =>
      `{\n  "format_version": 2,\n  "campaign": "d",\n  "entries": {\n${entryText("a", "1")},\n${entryText("b", generation)},\n${entryText("c", "1")}\n  }\n}\n`;
    writeFileSync(join(sub, "d.lock.json"), text("1"));
    const sound = await runCli(["show", "d.yaml", "b", "--json"], { cwd: sub });
    expect(sound.code).toBe(0);
    expect(JSON.parse(sound.stdout)).toMatchObject({ key: "b", generation: 1, session_id: "s-b" });
    writeFileSync(join(sub, "d.lock.json"), text('"one"'));
    const damaged = await runCli(["show", "d.yaml", "b"], { cwd: sub });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/d\.lock\.json:15:\d+: error: .*generation/);
    expect(damaged.stderr).not.toMatch(/internal error/);
  });

  it("list: no lockfile yet is an error that says to apply first", async () => {
    const result = await runCli(["list", "manifests/demo.yaml"], { cwd: REPO });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no lockfile at .*demo\.lock\.json: nothing has been applied/);
  });
});
