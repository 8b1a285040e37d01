// reelform init: a working campaign repository, validated; the merge-driver set-up; never an overwrite.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO, runCli } from "../helpers/exec.js";

// --no-install: the project's own reelform or a refusal, never a package fetched from the registry.
const MERGE_DRIVER = [
  'git config merge.reelform.name "reelform lockfile merge"',
  'git config merge.reelform.driver "npx --no-install reelform merge-driver %O %A %B %P"',
];
const fresh = (): string => mkdtempSync(join(tmpdir(), "reelform-init-"));
const schemaPathOf = (manifest: string): string => /\$schema=(\S+)/.exec(readFileSync(manifest, "utf8"))![1]!;

describe("reelform init", () => {
  it("scaffolds manifest, workflow, .gitattributes, .gitignore and README, then validates the manifest", async () => {
    const root = fresh();
    const result = await runCli(["init", "spring-launch"], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const dir = join(root, "spring-launch");
    expect(result.stdout).toContain("spring-launch/manifests/spring-launch.yaml: ok, 4 requests, 0 warnings");
    expect(parse(readFileSync(join(dir, "manifests", "spring-launch.yaml"), "utf8"))).toMatchObject({
      version: 1,
      campaign: "spring-launch",
    });
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toMatch(/^\*\.lock\.json merge=reelform$/m);
    for (const line of MERGE_DRIVER) {
      expect(result.stdout).toContain(line);
      expect(readFileSync(join(dir, "manifests", "README.md"), "utf8")).toContain(line);
    }
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toMatch(/^\/out\/$/m);
    expect(readFileSync(join(dir, ".github", "workflows", "reelform.yml"), "utf8")).toContain(
      "uses: reelform/reelform@v0",
    );
  });

  it("never writes a driver line that could fetch reelform from the registry", async () => {
    const root = fresh();
    const result = await runCli(["init", "c"], { cwd: root });
    for (const text of [result.stdout, readFileSync(join(root, "c", "manifests", "README.md"), "utf8")]) {
      const lines = text.split("\n").filter((l) => l.includes("merge.reelform.driver"));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/"npx --no-install reelform merge-driver /);
    }
  });

  it("applies the repository's default branch (origin/HEAD), and says which it used", async () => {
    const root = fresh();
    const remote = join(root, "remote.git");
    execFileSync("git", ["init", "--quiet", "--bare", "-b", "master", remote]);
    execFileSync(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@example.com", "clone", "--quiet", remote, join(root, "repo")],
      { stdio: "ignore" },
    );
    const dir = join(root, "repo");
    execFileSync(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "--allow-empty", "-m", "x"],
      { cwd: dir },
    );
    execFileSync("git", ["push", "--quiet", "origin", "HEAD:master"], { cwd: dir });
    execFileSync("git", ["remote", "set-head", "origin", "master"], { cwd: dir });
    execFileSync("git", ["checkout", "--quiet", "-b", "feature"], { cwd: dir });
    const result = await runCli(["init", "."], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const workflow = parse(readFileSync(join(dir, ".github", "workflows", "reelform.yml"), "utf8")) as {
      on: { push: { branches: string[] } };
    };
    expect(workflow.on.push.branches).toEqual(["master"]);
    expect(result.stdout).toContain(`The workflow applies pushes to the branch "master" (origin's default branch)`);
    expect(readFileSync(join(dir, "manifests", "README.md"), "utf8")).toContain("merges to `master` are applied");
  });

  it("uses the current branch of a fresh repository, main outside git, and --branch when given", async () => {
    const fresh1 = fresh();
    execFileSync("git", ["init", "--quiet", "-b", "trunk"], { cwd: fresh1 });
    const inRepo = await runCli(["init", "."], { cwd: fresh1 });
    expect(inRepo.stdout).toContain(
      `The workflow applies pushes to the branch "trunk" (the repository's current branch)`,
    );
    expect(readFileSync(join(fresh1, ".github", "workflows", "reelform.yml"), "utf8")).toMatch(
      /^ {4}branches: \[trunk\]$/m,
    );

    const outside = await runCli(["init", "c"], { cwd: fresh() });
    expect(outside.stdout).toMatch(
      /applies pushes to the branch "main" \(not a git repository yet, so the usual default: pass --branch to choose\)/,
    );

    const chosen = fresh();
    const given = await runCli(["init", ".", "--branch", "release/v2"], { cwd: chosen });
    expect(given.code, given.stderr).toBe(0);
    expect(readFileSync(join(chosen, ".github", "workflows", "reelform.yml"), "utf8")).toMatch(
      /^ {4}branches: \[release\/v2\]$/m,
    );
    const bad = await runCli(["init", fresh(), "--branch", "a..b"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--branch must be a branch name/);
  });

  it("points $schema at a copy when reelform is not installed in the project", async () => {
    const dir = join(fresh(), "c");
    expect((await runCli(["init", dir])).code).toBe(0);
    const manifest = join(dir, "manifests", "c.yaml");
    expect(schemaPathOf(manifest)).toBe("../.reelform/manifest.schema.json");
    expect(readFileSync(join(dir, "manifests", schemaPathOf(manifest)), "utf8")).toBe(
      readFileSync(join(REPO, "schemas", "manifest.schema.json"), "utf8"),
    );
  });

  it("points $schema into node_modules when reelform is installed in the project (stays current on upgrade)", async () => {
    const dir = fresh();
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(REPO, join(dir, "node_modules", "reelform"));
    const result = await runCli(["init", "."], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const manifest = readdirSync(join(dir, "manifests")).find((f) => f.endsWith(".yaml"))!;
    expect(schemaPathOf(join(dir, "manifests", manifest))).toBe(
      "../node_modules/reelform/schemas/manifest.schema.json",
    );
    expect(readdirSync(dir)).not.toContain(".reelform");
  });

  it("refuses to overwrite anything, and then writes nothing at all", async () => {
    const dir = fresh();
    writeFileSync(join(dir, ".gitignore"), "mine\n");
    const result = await runCli(["init", dir, "--campaign", "x"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not overwriting \.gitignore/);
    expect(readdirSync(dir)).toEqual([".gitignore"]);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe("mine\n");
  });

  it("names a folder that is a file", async () => {
    const file = join(fresh(), "not-a-folder");
    writeFileSync(file, "");
    const result = await runCli(["init", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not-a-folder is a file, not a folder/);
    expect(result.stderr).not.toMatch(/internal error/);
  });

  it("names a bad --campaign", async () => {
    const result = await runCli(["init", fresh(), "--campaign", "no spaces"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--campaign must be letters/);
  });
});
