import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/exec.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

describe("reelform CLI", () => {
  it("prints its version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
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
