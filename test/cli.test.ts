import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/exec.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

describe("reelform CLI", () => {
  it("prints its version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it("loads no command's module for --version and --help, and only its own for a command", async () => {
    const preload = fileURLToPath(new URL("./helpers/module-log.mjs", import.meta.url));
    const loadedBy = async (args: string[]): Promise<string[]> => {
      const log = join(mkdtempSync(join(tmpdir(), "reelform-modules-")), "loaded.txt");
      await runCli(args, { env: { NODE_OPTIONS: `--import=${preload}`, REELFORM_TEST_MODULE_LOG: log } });
      const loaded = readFileSync(log, "utf8").split("\n");
      expect(loaded, "the module log records the CLI itself").toContainEqual(expect.stringMatching(/dist\/cli\.js$/));
      return loaded.filter((url) => /\/dist\/commands\/(?!table\.js$)/.test(url));
    };
    expect(await loadedBy(["--version"])).toEqual([]);
    expect(await loadedBy(["--help"])).toEqual([]);
    expect(await loadedBy(["list", "--help"])).toEqual([]);
    const list = await loadedBy(["list", "missing.yaml"]);
    expect(list.map((url) => url.replace(/.*\/dist\/commands\//, ""))).toEqual(["list.js"]);
  });

  it("rejects an unknown command with exit code 1 and no stack trace", async () => {
    const result = await runCli(["frobnicate"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown command/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 0 for --help and `help`, 1 with the help on stderr when no command is given", async () => {
    for (const args of [["--help"], ["help"], ["help", "plan"]]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout).toMatch(/^Usage: reelform/);
    }
    const bare = await runCli([]);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toMatch(/^Usage: reelform .*\n[\s\S]*Commands:/);
  });
});
