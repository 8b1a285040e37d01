import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import { run, type PlanCommandOptions } from "../../src/commands/plan.js";
import type { CommandContext } from "../../src/command-context.js";
import { DiagnosticsError, UserError } from "../../src/errors.js";
import type { ExpandedManifest } from "../../src/expand/types.js";
import { writeLockfile } from "../../src/lockfile/io.js";
import { loadSavedPlan } from "../../src/plan/saved.js";
import { sha256Hex } from "../../src/util/canonical-json.js";
import { body, expanded, lockfile, recorded, request } from "../plan/fixtures.js";

let cwd: string;
let manifest: ExpandedManifest;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "reelform-plan-cmd-"));
  await writeFile(join(cwd, "launch.yaml"), "version: 1\n");
  manifest = {
    ...expanded([request("hero-sand", body("sand")), request("hero-marble", body("marble"))]),
    manifestPath: "launch.yaml",
    lockfilePath: "launch.lock.json",
  };
  manifest.inputs = [{ role: "manifest", path: "launch.yaml", sha256: sha256Hex("version: 1\n") }];
});

function context(): { ctx: CommandContext; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const ctx: CommandContext = {
    env: {},
    cwd,
    stdout,
    stderr,
    stdin: new PassThrough(),
    isTTY: false,
    stdinIsTTY: false,
    color: false,
    ci: false,
    stopSignal: new AbortController().signal,
    abortSignal: new AbortController().signal,
  };
  return { ctx, out: () => out, err: () => err };
}

async function plan(opts: PlanCommandOptions = {}) {
  const io = context();
  const deps = { compile: async () => manifest, now: () => new Date("2026-05-01T10:00:00Z") };
  const code = await run(io.ctx, "launch.yaml", opts, deps);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe("reelform plan (command)", () => {
  it("plans everything as + when there is no lockfile yet, exit 0", async () => {
    const result = await plan();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  + hero-marble\n  + hero-sand\n");
    expect(result.stdout).toContain('campaign "spring-launch" (launch.yaml against launch.lock.json)');
  });

  it("--detailed-exitcode: 2 with changes pending, 0 when nothing to do", async () => {
    expect((await plan({ detailedExitcode: true })).code).toBe(2);
    await writeLockfile(
      join(cwd, "launch.lock.json"),
      lockfile({
        "hero-sand": recorded("hero-sand", body("sand")),
        "hero-marble": recorded("hero-marble", body("marble")),
      }),
    );
    const result = await plan({ detailedExitcode: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Nothing to do");
  });

  it("stops at a damaged lockfile, naming its line", async () => {
    await writeFile(
      join(cwd, "launch.lock.json"),
      '{\n  "format_version": 1,\n  "campaign": "spring-launch",\n  "entries": {\n',
    );
    const error = await plan().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiagnosticsError);
    expect((error as DiagnosticsError).diagnostics[0]).toMatchObject({ file: "launch.lock.json", line: 5 });
  });

  it("--json prints the versioned plan document; --markdown the PR comment", async () => {
    const json = JSON.parse((await plan({ json: true })).stdout) as { format_version: number; entries: unknown[] };
    expect(json.format_version).toBe(1);
    expect(json.entries).toHaveLength(2);
    expect((await plan({ markdown: true })).stdout).toMatch(/^### reelform plan: `spring-launch`/);
  });

  it("--out saves a plan that loadSavedPlan accepts until the lockfile changes", async () => {
    const result = await plan({ out: "launch.plan.json" });
    expect(result.stderr).toContain(
      "plan saved to launch.plan.json; apply exactly this plan with: reelform apply launch.plan.json",
    );
    const saved = await loadSavedPlan("launch.plan.json", cwd);
    expect(saved.lockfile).toEqual({ path: "launch.lock.json", sha256: "absent" });
    expect(saved.plan.entries.map((e) => e.key)).toEqual(["hero-marble", "hero-sand"]);
    await writeLockfile(join(cwd, "launch.lock.json"), lockfile({}));
    await expect(loadSavedPlan("launch.plan.json", cwd)).rejects.toThrow(/lockfile launch.lock.json was created since/);
  });

  it("prints the plan, then fails when the estimate exceeds --max-cost, and saves nothing", async () => {
    await writeFile(join(cwd, "prices.yaml"), "currency: EUR\nrules:\n  - { model_name: Kling, per_second: 1 }\n");
    const io = context();
    const deps = { compile: async () => manifest, now: () => new Date() };
    const error = await run(io.ctx, "launch.yaml", { prices: "prices.yaml", maxCost: 5, out: "p.json" }, deps).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      "estimated cost 10.00 EUR exceeds the budget of 5.00 EUR; the plan was not saved to p.json",
    );
    expect(io.out()).toContain("estimated cost 10.00 EUR of a 5.00 EUR budget");
    await expect(readFile(join(cwd, "p.json"))).rejects.toThrow(/ENOENT/);
  });

  it("reports a bad price table with its location", async () => {
    await writeFile(
      join(cwd, "prices.yaml"),
      "rules:\n  - model_name: Kling\n    model_version: 2.0\n    per_second: 1\n",
    );
    const error = await plan({ prices: "prices.yaml" }).catch((e: unknown) => e);
    expect((error as DiagnosticsError).diagnostics[0]).toMatchObject({
      file: "prices.yaml",
      line: 3,
      col: 20,
      suggestion: 'quote it: "2.0"',
    });
  });

  it("warns on stderr about a --target that matches nothing", async () => {
    const result = await plan({ target: ["promo-*"] });
    expect(result.stderr).toContain('reelform: warning: --target "promo-*" matches no key');
    expect(result.stdout).toContain("Nothing to do: no requests selected.");
  });
});
