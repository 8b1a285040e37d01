// The use cases of `state rm` (src/state/forget.ts) and `state pull` (src/state/pull.ts), without a command:
// a lockfile in a temporary folder, the file state, and hooks standing in for the terminal.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileState } from "../../src/apply/file-state.js";
import { journalPathFor } from "../../src/lockfile/paths.js";
import { serializeLockfile } from "../../src/lockfile/serialize.js";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";
import { systemClock } from "../../src/sched/clock.js";
import { forgetRecorded } from "../../src/state/forget.js";
import { pullState } from "../../src/state/pull.js";

const entry = (task: string): LockEntry => ({
  hash: `sha256:${"a".repeat(64)}`,
  generation: 1,
  session_id: "s",
  submission: "created",
  task_id: task,
  body: { prompt: "p" },
});

async function recorded(entries: Record<string, LockEntry>): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "rf-state-uc-")), "launch.lock.json");
  const lockfile: Lockfile = { format_version: 1, campaign: "c", entries };
  await writeFile(path, serializeLockfile(lockfile));
  return path;
}

function request(path: string, patterns: string[]) {
  return {
    state: fileState(path, systemClock),
    lockfilePath: path,
    manifest: "launch.yaml",
    patterns,
    where: "launch.lock.json",
    clock: systemClock,
    warn: () => undefined,
  };
}

const keysIn = async (path: string): Promise<string[]> =>
  Object.keys((JSON.parse(await readFile(path, "utf8")) as Lockfile).entries);

describe("forgetRecorded (state rm)", () => {
  it("shows every selected entry to the confirm hook, then removes exactly those", async () => {
    const path = await recorded({ "old-1": entry("T1"), "old-2": entry("T2"), hero: entry("T3") });
    const shown: string[][] = [];
    const outcome = await forgetRecorded(request(path, ["old-*"]), {
      confirm: (lines) => {
        shown.push(lines);
        return Promise.resolve(true);
      },
    });
    expect(outcome).toEqual({ kind: "forgotten", keys: ["old-1", "old-2"] });
    expect(shown).toHaveLength(1);
    expect(shown[0]).toHaveLength(2);
    expect(shown[0]?.join("\n")).toMatch(/T1[\s\S]*T2/);
    expect(await keysIn(path)).toEqual(["hero"]);
  });

  it("changes nothing when the hook declines", async () => {
    const path = await recorded({ "old-1": entry("T1"), hero: entry("T3") });
    const before = await readFile(path, "utf8");
    const outcome = await forgetRecorded(request(path, ["old-1"]), { confirm: () => Promise.resolve(false) });
    expect(outcome).toEqual({ kind: "declined" });
    expect(await readFile(path, "utf8")).toBe(before);
  });

  it("refuses, before asking, when a pattern matches no key; a key such as __proto__ is a key", async () => {
    const path = await recorded({ ["__proto__"]: entry("T1"), hero: entry("T3") });
    let asked = 0;
    const confirm = () => {
      asked++;
      return Promise.resolve(true);
    };
    await expect(forgetRecorded(request(path, ["hero", "nothing-*"]), { confirm })).rejects.toThrow(
      /^"nothing-\*" matches no key in launch\.lock\.json: nothing was forgotten \(`reelform list launch\.yaml` shows every key\)$/,
    );
    expect(asked).toBe(0);
    expect(await forgetRecorded(request(path, ["__proto__"]), { confirm })).toEqual({
      kind: "forgotten",
      keys: ["__proto__"],
    });
    expect(await keysIn(path)).toEqual(["hero"]);
  });
});

describe("pullState (state pull)", () => {
  it("gives the lockfile's text byte for byte, with no notice when nothing is left to fold", async () => {
    const path = await recorded({ hero: entry("T3") });
    const pulled = await pullState(fileState(path, systemClock), path, "launch.yaml", (p) => p);
    expect(pulled).toEqual({ text: await readFile(path, "utf8") });
  });

  it("says nothing is recorded, naming the manifest, when there is no lockfile", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "rf-state-uc-")), "launch.lock.json");
    await expect(pullState(fileState(path, systemClock), path, "launch.yaml", (p) => p)).rejects.toThrow(
      /nothing has been applied for launch\.yaml yet/,
    );
  });

  it("notices the records of an interrupted run beside the lockfile", async () => {
    const path = await recorded({ hero: entry("T3") });
    await writeFile(journalPathFor(path), "");
    const pulled = await pullState(fileState(path, systemClock), path, "launch.yaml", (p) => `<${p}>`);
    expect(pulled.notice).toMatch(/read the records of an interrupted run from/);
  });
});
