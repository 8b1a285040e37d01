// What the commands print, rendered by src/report/ (issue 25: commands/ only parses, renders and chooses exit
// codes). The e2e tests check the whole output; these check each renderer's edges.
import { describe, expect, it } from "vitest";
import type { Lockfile } from "../../src/lockfile/types.js";
import { renderImported, renderInitAdvice } from "../../src/report/command-notes.js";
import { renderSimulatorWelcome } from "../../src/report/simulator-lines.js";
import { describePushChange, renderForgetList } from "../../src/report/state-report.js";
import { renderValidateLine, type ValidateResult } from "../../src/report/validate-report.js";

function lockfileWith(entries: Record<string, unknown>): Lockfile {
  return { entries } as unknown as Lockfile;
}

describe("state rm's list", () => {
  it("counts one entry as an entry, escapes control characters in what it lists, and says what is not deleted", () => {
    expect(renderForgetList("launch.lock.json", ["hero: task-1 (generation 1)"])).toBe(
      "reelform state rm: 1 entry of launch.lock.json to forget:\n" +
        "  - hero: task-1 (generation 1)\n" +
        "The tasks themselves and any pulled files are not deleted; they are no longer recorded (their files become orphaned files).\n",
    );
    const two = renderForgetList("db", ["a\u001b[31m", "b"]);
    expect(two.split("\n")[0]).toBe("reelform state rm: 2 entries of db to forget:");
    expect(two).not.toContain("\u001b");
  });
});

describe("state push's change", () => {
  it("tells new, changed and unchanged entries apart, with __proto__ and constructor as ordinary keys", () => {
    const before = lockfileWith({ same: { g: 1 }, changed: { g: 1 }, constructor: { g: 1 } });
    const after = lockfileWith({
      same: { g: 1 },
      changed: { g: 2 },
      constructor: { g: 1 },
      ["__proto__"]: { g: 1 },
      fresh: { g: 1 },
    });
    expect(describePushChange(before, after)).toBe("5 entries (2 new, 1 changed, 2 already there)");
    expect(describePushChange(null, lockfileWith({ one: {} }))).toBe("1 entry (1 new, 0 changed, 0 already there)");
  });
});

describe("validate's summary line", () => {
  const base: ValidateResult = { file: "a.yaml", ok: true, requests: 1, errors: 0, warnings: 1, diagnostics: [] };
  it("says singular and plural right", () => {
    expect(renderValidateLine(base)).toBe("a.yaml: ok, 1 request, 1 warning\n");
    expect(renderValidateLine({ ...base, requests: 0, warnings: 2 })).toBe("a.yaml: ok, 0 requests, 2 warnings\n");
    expect(renderValidateLine({ ...base, ok: false, errors: 1, warnings: 0 })).toBe(
      "a.yaml: invalid, 1 error, 0 warnings\n",
    );
  });
  it("escapes a file name's control characters", () => {
    expect(renderValidateLine({ ...base, file: "x\u001b[2J.yaml" })).not.toContain("\u001b");
  });
});

describe("import's note", () => {
  const note = {
    taskId: "t-1",
    key: "hero",
    generation: 2,
    taskState: "SUCCESS",
    differences: 0,
    keptEarlier: false,
    where: "launch.lock.json",
  };
  it("mentions differences and the kept generation only when there are some", () => {
    expect(renderImported(note)).toBe(
      'imported task t-1 as "hero" generation 2 (SUCCESS); written to launch.lock.json.\n',
    );
    expect(renderImported({ ...note, differences: 3, keptEarlier: true })).toBe(
      'imported task t-1 as "hero" generation 2 (SUCCESS), with 3 difference(s) recorded; the generation it replaces is kept under "earlier"; written to launch.lock.json.\n',
    );
  });
});

describe("init's advice", () => {
  it("names the branch and where it came from, then each merge-driver line indented", () => {
    const text = renderInitAdvice({ name: "trunk", from: "--branch" }, ["git config a b", "git config c d"]);
    expect(text).toContain('applies pushes to the branch "trunk" (--branch)');
    expect(text.endsWith("not versioned):\n  git config a b\n  git config c d\n\n")).toBe(true);
  });
});

describe("the simulator's welcome", () => {
  it("gives the demo key and pair by default, and neither when the user brought their own", () => {
    const demo = renderSimulatorWelcome({ url: "http://127.0.0.1:1", apiKeyGiven: false, tencentFromEnv: false });
    expect(demo).toContain("export REELFORM_API_KEY=sim-key    # any non-empty key is accepted");
    expect(demo).toContain("# the simulator's demo pair");
    const own = renderSimulatorWelcome({ url: "http://127.0.0.1:1", apiKeyGiven: true, tencentFromEnv: true });
    expect(own).toContain("export REELFORM_API_KEY=<the key given with --api-key>\n");
    expect(own).not.toContain("demo pair");
    expect(own).toContain("this simulator was started with");
    expect(own.endsWith("Press Ctrl-C to stop.\n")).toBe(true);
  });
});
