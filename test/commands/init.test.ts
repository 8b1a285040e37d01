// reelform init: a working campaign repository, validated; the merge-driver set-up; never an overwrite.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO, runCli } from "../helpers/exec.js";

const MERGE_DRIVER = ['git config merge.reelform.name "reelform lockfile merge"', 'git config merge.reelform.driver "npx reelform merge-driver %O %A %B %P"'];
const fresh = (): string => mkdtempSync(join(tmpdir(), "reelform-init-"));
const schemaPathOf = (manifest: string): string => /\$schema=(\S+)/.exec(readFileSync(manifest, "utf8"))![1]!;

describe("reelform init", () => {
  it("scaffolds manifest, workflow, .gitattributes, .gitignore and README, then validates the manifest", async () => {
    const root = fresh();
    const result = await runCli(["init", "spring-launch"], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const dir = join(root, "spring-launch");
    expect(result.stdout).toContain("spring-launch/manifests/spring-launch.yaml: ok, 4 requests, 0 warnings");
    expect(parse(readFileSync(join(dir, "manifests", "spring-launch.yaml"), "utf8"))).toMatchObject({ version: 1, campaign: "spring-launch" });
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toMatch(/^\*\.lock\.json merge=reelform$/m);
    for (const line of MERGE_DRIVER) {
      expect(result.stdout).toContain(line);
      expect(readFileSync(join(dir, "manifests", "README.md"), "utf8")).toContain(line);
    }
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toMatch(/^\/out\/$/m);
    expect(readFileSync(join(dir, ".github", "workflows", "reelform.yml"), "utf8")).toContain("uses: reelform/reelform@v0");
  });

  it("points $schema at a copy when reelform is not installed in the project", async () => {
    const dir = join(fresh(), "c");
    expect((await runCli(["init", dir])).code).toBe(0);
    const manifest = join(dir, "manifests", "c.yaml");
    expect(schemaPathOf(manifest)).toBe("../.reelform/manifest.schema.json");
    expect(readFileSync(join(dir, "manifests", schemaPathOf(manifest)), "utf8")).toBe(readFileSync(join(REPO, "schemas", "manifest.schema.json"), "utf8"));
  });

  it("points $schema into node_modules when reelform is installed in the project (stays current on upgrade)", async () => {
    const dir = fresh();
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(REPO, join(dir, "node_modules", "reelform"));
    const result = await runCli(["init", "."], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const manifest = readdirSync(join(dir, "manifests")).find((f) => f.endsWith(".yaml"))!;
    expect(schemaPathOf(join(dir, "manifests", manifest))).toBe("../node_modules/reelform/schemas/manifest.schema.json");
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
