// Migration of format 1 and 2 lockfiles by the built CLI: plan reads an old lockfile and never writes it, and
// plans exactly as it does on the same state in format 3; the next command that writes (here `state rm`) writes
// format 3; the merge driver merges sides of formats 1, 2 and 3.
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
/** The same entries as reelform's format 2 writer wrote them. */
const FIXTURE_V2 = new URL("../fixtures/lockfile/v2-simulator-finished.lock.json", import.meta.url);

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

describe("format 1 and 2 lockfiles with the built CLI", { timeout: 120_000 }, () => {
  it("plan reads a format 1 or 2 lockfile without writing it, and plans as on the same state in format 3", async () => {
    const old = await readFile(FIXTURE, "utf8");
    const oldV2 = await readFile(FIXTURE_V2, "utf8");
    const v1 = await campaign();
    const v2 = await campaign(oldV2);
    const v3 = await campaign(serializeLockfile(parseLockfileText(old, "launch.lock.json")));
    for (const flags of [[], ["--json"], ["--markdown"], ["--verbose"]]) {
      const a = await runCli(["plan", "launch.yaml", ...flags], { cwd: v1, env });
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout).toContain("item-new");
      for (const dir of [v2, v3]) {
        const b = await runCli(["plan", "launch.yaml", ...flags], { cwd: dir, env });
        expect(b.stdout).toBe(a.stdout);
        expect(b.stderr).toBe(a.stderr);
      }
    }
    expect(await readFile(join(v1, "launch.lock.json"), "utf8")).toBe(old); // plan never writes
    expect(await readFile(join(v2, "launch.lock.json"), "utf8")).toBe(oldV2);
    for (const command of [
      ["list", "launch.yaml", "--json"],
      ["show", "launch.yaml", "item-42-917"],
    ]) {
      const a = await runCli(command, { cwd: v1, env });
      expect(a.code, a.stderr).toBe(0);
      for (const dir of [v2, v3]) expect((await runCli(command, { cwd: dir, env })).stdout).toBe(a.stdout);
    }
  });

  for (const [format, fixture] of [
    [1, FIXTURE],
    [2, FIXTURE_V2],
  ] as const)
    it(`the next command that writes a format ${format} lockfile writes format 3, with every other entry as recorded`, async () => {
      const old = await readFile(fixture, "utf8");
      const dir = await campaign(old);
      const rm = await runCli(["state", "rm", "launch.yaml", "item-7-917", "--auto-approve"], { cwd: dir, env });
      expect(rm.code, rm.stderr).toBe(0);
      const written = await readFile(join(dir, "launch.lock.json"), "utf8");
      expect(written.startsWith('{\n  "format_version": 3,\n')).toBe(true);
      expect(written).toContain('\n      "request": {"model_name":"Kling"');
      expect(written).toContain('"url":"http://127.0.0.1:18788/__sim/files/{task_id}.mp4"');
      const before = parseLockfileText(old, "launch.lock.json").entries["item-42-917"];
      const after = parseLockfileText(written, "launch.lock.json").entries["item-42-917"];
      expect(canonicalJson(after)).toBe(canonicalJson(before));
      expect(Buffer.byteLength(written)).toBeLessThan(Buffer.byteLength(old) / 2 + 200); // one entry of two left
    });

  it("the merge driver merges a format 1 side with a format 3 side into format 3, no entry dropped", async () => {
    const old = await readFile(FIXTURE, "utf8");
    const dir = await campaign();
    // Their branch: format 3, one entry forgotten and another key added (a copy of item-42-917 under item-new).
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
    expect(text.startsWith('{\n  "format_version": 3,\n')).toBe(true);
    const union = parseLockfileText(text, "ours.json").entries;
    const ours = JSON.parse(old) as { entries: Record<string, unknown> };
    expect(Object.keys(union)).toEqual(["item-42-917", "item-7-917", "item-new"]);
    for (const key of ["item-42-917", "item-7-917"])
      expect(canonicalJson(union[key]), key).toBe(canonicalJson(ours.entries[key]));
    expect(union["item-new"]?.task_id).toBe(copy.task_id);
    // And the other way round: a format 3 ours with a format 1 theirs gives the same entries.
    await writeFile(join(dir, "ours2.json"), serializeLockfile(theirs));
    const reverse = await runCli(["merge-driver", "base.json", "ours2.json", "base.json", "launch.lock.json"], {
      cwd: dir,
      env,
    });
    expect(reverse.code, reverse.stderr).toBe(0);
    expect(entriesOf(await readFile(join(dir, "ours2.json"), "utf8"))).toBe(entriesOf(text));
    // A format 2 side (the same entries as format 1's) in place of the format 1 one: the same bytes.
    await copyFile(FIXTURE_V2, join(dir, "ours3.json"));
    const v2 = await runCli(["merge-driver", "base.json", "ours3.json", "theirs.json", "launch.lock.json"], {
      cwd: dir,
      env,
    });
    expect(v2.code, v2.stderr).toBe(0);
    expect(await readFile(join(dir, "ours3.json"), "utf8")).toBe(text);
    // Formats 1 and 2 merged: format 3 with the entries both record.
    await copyFile(FIXTURE_V2, join(dir, "ours4.json"));
    const mixed = await runCli(["merge-driver", "base.json", "ours4.json", "base.json", "launch.lock.json"], {
      cwd: dir,
      env,
    });
    expect(mixed.code, mixed.stderr).toBe(0);
    const both = await readFile(join(dir, "ours4.json"), "utf8");
    expect(both.startsWith('{\n  "format_version": 3,\n')).toBe(true);
    expect(entriesOf(both)).toBe(canonicalJson(ours.entries));
  });
});
