// Through the built CLI (`npm run build` first): a malformed variable fails only a command that reads it, and
// a flag given for that setting overrides it without the variable being read (issue 25: commands receive
// resolved settings).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";

const MANIFEST = `version: 1
campaign: spring-launch
defaults:
  model_name: Kling
  model_version: "2.1"
  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: 5 }
videos:
  - name: "hero-{{product}}"
    prompt: "Acme {{product}} resting on sand"
    matrix:
      product: [sneaker, backpack]
`;

const MALFORMED = {
  REELFORM_RATE: "fast",
  REELFORM_PULL_MAX_FILE_SIZE: "huge",
  REELFORM_API_KEY: undefined,
  REELFORM_STATE: undefined,
  REELFORM_PROVIDER: undefined,
};

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "reelform-settings-seam-"));
  writeFileSync(join(dir, "launch.yaml"), MANIFEST);
  return dir;
}

describe("resolved settings through the CLI", () => {
  it("plan reads neither REELFORM_RATE nor REELFORM_PULL_MAX_FILE_SIZE: it runs", async () => {
    const result = await runCli(["plan", "launch.yaml"], { cwd: project(), env: MALFORMED });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("+ hero-sneaker");
  });

  it("apply reads REELFORM_RATE: it fails before anything, naming it; --rate overrides it unread", async () => {
    const dir = project();
    const bad = await runCli(["apply", "launch.yaml", "--auto-approve"], { cwd: dir, env: MALFORMED });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('reelform: REELFORM_RATE must be a number of at least 0, got "fast"\n');
    const flagged = await runCli(["apply", "launch.yaml", "--auto-approve", "--rate", "5"], {
      cwd: dir,
      env: MALFORMED,
    });
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toContain("REELFORM_API_KEY is not set");
    expect(flagged.stderr).not.toContain("REELFORM_RATE");
  });

  it("pull reads REELFORM_PULL_MAX_FILE_SIZE: it fails naming it; --max-file-size overrides it unread", async () => {
    const dir = project();
    const bad = await runCli(["pull", "launch.yaml"], { cwd: dir, env: MALFORMED });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^reelform: REELFORM_PULL_MAX_FILE_SIZE must be .*, got "huge"\n$/);
    const flagged = await runCli(["pull", "launch.yaml", "--max-file-size", "1GiB"], { cwd: dir, env: MALFORMED });
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toContain("nothing has been applied for launch.yaml yet");
    expect(flagged.stderr).not.toContain("REELFORM_PULL_MAX_FILE_SIZE");
  });
});
