// .ci/run: every check the repository defines runs in CI (the formatter and knip among them), dist/ is built
// by npm ci's prepare before them, the README's `npm test` comes last, and scripts/run-checks.sh runs the checks at once yet fails when any one fails.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "../helpers/exec.js";

const CHECKS = ["typecheck", "lint", "lint:unused", "format:check", "lint:workflows", "lint:package"];

const ciRun = readFileSync(join(REPO, ".ci/run"), "utf8");
const commands = ciRun.split("\n").filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> };

describe(".ci/run", () => {
  it("runs every static check through scripts/run-checks.sh, formatter and knip included", () => {
    const line = commands.find((l) => l.startsWith("scripts/run-checks.sh "));
    expect(line?.split(/\s+/).slice(1)).toEqual(CHECKS);
    for (const check of CHECKS) expect(pkg.scripts[check], check).toBeDefined();
    expect(pkg.scripts["format:check"]).toMatch(/^prettier --check/);
    expect(pkg.scripts["lint:unused"]).toBe("knip");
  });

  it("installs (npm ci's prepare builds, so the checks see dist/), then runs the README's test command last", () => {
    expect(pkg.scripts.prepare).toBe("npm run build");
    const install = commands.findIndex((l) => l.startsWith("npm ci"));
    const checks = commands.findIndex((l) => l.startsWith("scripts/run-checks.sh"));
    const tests = commands.findIndex((l) => l === "npm test");
    expect(install).toBeGreaterThanOrEqual(0);
    expect(checks).toBeGreaterThan(install);
    expect(tests).toBeGreaterThan(checks);
    expect(tests).toBe(commands.length - 1);
    expect(commands.filter((l) => /\bnpm run build\b/.test(l))).toEqual([]);
    // npm test is the same suite after a build: nothing else hides in it
    expect(pkg.scripts.test).toBe("npm run build && vitest run");
  });
});

describe("scripts/run-checks.sh", () => {
  const dir = mkdtempSync(join(tmpdir(), "reelform-run-checks-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Two checks that each wait for the other to have started: they pass only when run at the same time (a
  // one-after-another run would fail the first after 60 s of waiting).
  const waitFor = (mine: string, theirs: string) =>
    `touch ${mine}; for i in $(seq 1 600); do [ -f ${theirs} ] && exit 0; sleep 0.1; done; exit 1`;
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "checks",
      private: true,
      scripts: {
        a: waitFor("a.started", "b.started"),
        b: waitFor("b.started", "a.started"),
        ok: "echo ok-output",
        bad: "echo bad-output && exit 3",
      },
    }),
  );
  const run = (...names: string[]) =>
    spawnSync(join(REPO, "scripts/run-checks.sh"), names, { cwd: dir, encoding: "utf8", env: { ...process.env } });

  it("runs the checks at the same time and passes when all pass", () => {
    const result = run("a", "b");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("::group::npm run a (exit 0)");
    expect(result.stdout).toContain("run-checks: passed: a b");
  }, 120_000);

  it("fails when one fails, after printing every check's output whole, in the order given", () => {
    const result = run("bad", "ok");
    expect(result.status).toBe(1);
    const out = result.stdout;
    expect(out.indexOf("::group::npm run bad (exit 3)")).toBeLessThan(out.indexOf("bad-output"));
    expect(out.indexOf("bad-output")).toBeLessThan(out.indexOf("::group::npm run ok (exit 0)"));
    expect(out.indexOf("::group::npm run ok (exit 0)")).toBeLessThan(out.indexOf("ok-output"));
    expect(result.stderr).toContain("run-checks: failed: bad (exit 3)");
  }, 60_000);

  it("refuses to run nothing", () => {
    expect(run().status).toBe(2);
  });
});
