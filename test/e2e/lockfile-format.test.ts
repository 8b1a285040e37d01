// Migration of format 1 lockfiles by the built CLI: plan reads an old lockfile and never writes it, and plans
// exactly as it does on the same state in format 2; the next command that writes (here `state rm`) writes
// format 2; the merge driver merges a format 1 side with a format 2 side.
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeLockfile } from "../../src/lockfile/serialize.js";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { canonicalJson } from "../../src/util/canonical-json.js";
import { runCli } from "../helpers/exec.js";
import { cliEnv } from "./apply-helpers.js";

const FIXTURE = new URL("../fixtures/lockfile/v1-simulator-finished.lock.json", import.meta.url);

/** The manifest v1-simulator-finished.lock.json was applied from (reelform 0.1.0, format 1), plus one new video. */
const MANIFEST = [
  "version: 1",
  "campaign: bench",
  "defaults:",
  "  model_name: Kling",
  '  model_version: "2.1"',
  '  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: 5, storage_mode: Permanent }',
  "videos:",
  '  - name: "item-{{product}}-{{scene}}"',
  '    prompt: "Product {{product}} turning slowly in scene {{scene}}, cinematic lighting, shallow depth of field"',
  "    matrix:",
  "      product: [42, 7]",
  "      scene: [917]",
  '  - name: "item-new"',
  '    prompt: "a video not applied yet"',
  "",
].join("\n");

async function campaign(lockText?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "reelform-format-"));
  await writeFile(join(dir, "launch.yaml"), MANIFEST);
  if (lockText === undefined) await copyFile(FIXTURE, join(dir, "launch.lock.json"));
  else await writeFile(join(dir, "launch.lock.json"), lockText);
  return dir;
}

const env = cliEnv("http://127.0.0.1:9"); // nothing here sends a request
const entriesOf = (text: string) => canonicalJson(parseLockfileText(text, "launch.lock.json").entries);

describe("format 1 lockfiles with the built CLI", { timeout: 120_000 }, () => {
  it("plan reads a format 1 lockfile without writing it, and plans as on the same state in format 2", async () => {
    const old = await readFile(FIXTURE, "utf8");
    const v1 = await campaign();
    const v2 = await campaign(serializeLockfile(parseLockfileText(old, "launch.lock.json")));
    for (const flags of [[], ["--json"], ["--markdown"], ["--verbose"]]) {
      const a = await runCli(["plan", "launch.yaml", ...flags], { cwd: v1, env });
      const b = await runCli(["plan", "launch.yaml", ...flags], { cwd: v2, env });
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout).toContain("item-new");
      expect(b.stdout).toBe(a.stdout);
      expect(b.stderr).toBe(a.stderr);
    }
    expect(await readFile(join(v1, "launch.lock.json"), "utf8")).toBe(old); // plan never writes
    const list = await runCli(["list", "launch.yaml", "--json"], { cwd: v1, env });
    expect(list.code, list.stderr).toBe(0);
    expect((await runCli(["list", "launch.yaml", "--json"], { cwd: v2, env })).stdout).toBe(list.stdout);
  });

  it("the next command that writes the lockfile writes format 2, with every other entry as recorded", async () => {
    const old = await readFile(FIXTURE, "utf8");
    const dir = await campaign();
    const rm = await runCli(["state", "rm", "launch.yaml", "item-7-917", "--auto-approve"], { cwd: dir, env });
    expect(rm.code, rm.stderr).toBe(0);
    const written = await readFile(join(dir, "launch.lock.json"), "utf8");
    expect(written.startsWith('{\n  "format_version": 2,\n')).toBe(true);
    expect(written).toContain('\n      "request": {"model_name":"Kling"');
    const before = parseLockfileText(old, "launch.lock.json").entries["item-42-917"];
    const after = parseLockfileText(written, "launch.lock.json").entries["item-42-917"];
    expect(canonicalJson(after)).toBe(canonicalJson(before));
  });

  it("the merge driver merges a format 1 side with a format 2 side into format 2, no entry dropped", async () => {
    const old = await readFile(FIXTURE, "utf8");
    const dir = await campaign();
    // Their branch: format 2, one entry forgotten and another key added (a copy of item-42-917 under item-new).
    const theirs = parseLockfileText(old, "launch.lock.json");
    const copy = theirs.entries["item-42-917"]!;
    theirs.entries["item-new"] = structuredClone(copy);
    delete theirs.entries["item-7-917"];
    await writeFile(join(dir, "theirs.json"), serializeLockfile(theirs));
    await copyFile(FIXTURE, join(dir, "ours.json"));
    await copyFile(FIXTURE, join(dir, "base.json"));
    const merged = await runCli(["merge-driver", "base.json", "ours.json", "theirs.json", "launch.lock.json"], {
      cwd: dir,
      env,
    });
    expect(merged.code, merged.stderr).toBe(0);
    const text = await readFile(join(dir, "ours.json"), "utf8");
    expect(text.startsWith('{\n  "format_version": 2,\n')).toBe(true);
    const union = parseLockfileText(text, "ours.json").entries;
    const ours = JSON.parse(old) as { entries: Record<string, unknown> };
    expect(Object.keys(union)).toEqual(["item-42-917", "item-7-917", "item-new"]);
    for (const key of ["item-42-917", "item-7-917"])
      expect(canonicalJson(union[key]), key).toBe(canonicalJson(ours.entries[key]));
    expect(union["item-new"]?.task_id).toBe(copy.task_id);
    // And the other way round: a format 2 ours with a format 1 theirs gives the same bytes.
    await writeFile(join(dir, "ours2.json"), serializeLockfile(theirs));
    const reverse = await runCli(["merge-driver", "base.json", "ours2.json", "base.json", "launch.lock.json"], {
      cwd: dir,
      env,
    });
    expect(reverse.code, reverse.stderr).toBe(0);
    expect(entriesOf(await readFile(join(dir, "ours2.json"), "utf8"))).toBe(entriesOf(text));
  });
});
