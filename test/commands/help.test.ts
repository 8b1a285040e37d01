// --help shows the defaults the commands really use, and the exit codes.
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN_SETTINGS } from "../../src/apply/settings.js";
import { DEFAULT_PULL_PARALLELISM } from "../../src/pull/pull.js";
import { DEFAULT_STATUS_PARALLELISM, DEFAULT_STATUS_RATE, DEFAULT_WAIT_TIMEOUT_MS } from "../../src/commands/follow.js";
import { runCli } from "../helpers/exec.js";

const help = async (...args: string[]): Promise<string> => {
  const result = await runCli([...args, "--help"], { env: { COLUMNS: "200" } });
  expect(result.code).toBe(0);
  return result.stdout.replace(/\s+/g, " ");
};

describe("--help", () => {
  it("apply: parallelism and rate defaults, and its exit codes", async () => {
    const text = await help("apply");
    expect(text).toContain(`requests in flight at once (default: ${DEFAULT_RUN_SETTINGS.parallelism},`);
    expect(text).toContain(`(default: ${DEFAULT_RUN_SETTINGS.rate}, or apply.rate`);
    expect(text).toContain(`(default: ${DEFAULT_WAIT_TIMEOUT_MS / 60_000}m)`);
    expect(text).toMatch(/Exit codes: 0 success 1 .* 130 interrupted/);
  });

  it("status and pull: their own defaults", async () => {
    expect(await help("status")).toContain(`(default: ${DEFAULT_STATUS_PARALLELISM})`);
    expect(await help("status")).toContain(`(default: ${DEFAULT_STATUS_RATE}, or REELFORM_STATUS_RATE)`);
    expect(await help("pull")).toContain(`downloads at once (default: ${DEFAULT_PULL_PARALLELISM})`);
  });

  it("plan: exit code 2 for pending changes; the program: every exit code", async () => {
    expect(await help("plan")).toContain("2 changes pending (only with --detailed-exitcode");
    expect(await help("validate")).toMatch(/Exit codes: 0 success 1 an error/);
    expect(await help()).toContain(
      "Exit codes: 0 success, 1 error, 2 changes pending (plan --detailed-exitcode), 130 interrupted.",
    );
  });
});
