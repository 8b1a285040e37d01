import { describe, expect, it } from "vitest";
import { colorEnabled, isCI } from "../../src/config/terminal.js";
import { REPO, runCli } from "../helpers/exec.js";

describe("CI detection", () => {
  it.each([
    [{ CI: "true" }, true],
    [{ CI: "1" }, true],
    [{ CI: "yes" }, true],
    [{ CI: "false" }, false],
    [{ CI: "0" }, false],
    [{ CI: "" }, false],
    [{}, false],
    [{ CI: "false", GITHUB_ACTIONS: "true" }, true],
  ])("%o -> %s", (env, expected) => {
    expect(isCI(env)).toBe(expected);
  });
});

describe("colour", () => {
  const tty = { isTTY: true, noColorFlag: false };
  const pipe = { isTTY: false, noColorFlag: false };
  it("is on for a terminal, off for a pipe", () => {
    expect(colorEnabled({ env: {}, ...tty })).toBe(true);
    expect(colorEnabled({ env: {}, ...pipe })).toBe(false);
  });
  it("FORCE_COLOR turns it on without a terminal; FORCE_COLOR=0 turns it off on one", () => {
    expect(colorEnabled({ env: { FORCE_COLOR: "1" }, ...pipe })).toBe(true);
    expect(colorEnabled({ env: { FORCE_COLOR: "" }, ...pipe })).toBe(true);
    expect(colorEnabled({ env: { FORCE_COLOR: "0" }, ...tty })).toBe(false);
    expect(colorEnabled({ env: { FORCE_COLOR: "false" }, ...tty })).toBe(false);
  });
  it("NO_COLOR and --no-color win over FORCE_COLOR", () => {
    expect(colorEnabled({ env: { FORCE_COLOR: "1", NO_COLOR: "1" }, ...pipe })).toBe(false);
    expect(colorEnabled({ env: { FORCE_COLOR: "1" }, isTTY: false, noColorFlag: true })).toBe(false);
    expect(colorEnabled({ env: { TERM: "dumb" }, ...tty })).toBe(false);
  });

  it("FORCE_COLOR colours plan output in a pipe (GitHub Actions logs)", async () => {
    const colored = await runCli(["plan", "manifests/demo.yaml"], {
      cwd: REPO,
      env: { NO_COLOR: undefined, FORCE_COLOR: "1" },
    });
    expect(colored.code).toBe(0);
    expect(colored.stdout).toContain("\u001b[");
    const plain = await runCli(["plan", "manifests/demo.yaml"], {
      cwd: REPO,
      env: { NO_COLOR: undefined, FORCE_COLOR: undefined },
    });
    expect(plain.stdout).not.toContain("\u001b[");
  });
});
