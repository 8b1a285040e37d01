// Issue 21, reproduction 5: renaming a video's `name` template moves every key's entry (TaskIds and all) to its
// new key with `renamed_from`, and one-off keys with `moved:`; nothing is sent, and applying again does nothing.
import { readFile, writeFile } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyCli, cliEnv, createRequests, e2eSimulators, manifestHead, readLock, startCli } from "./apply-helpers.js";

const sims = e2eSimulators();

function manifest(video: string, extra = ""): string {
  return [
    ...manifestHead("launch"),
    extra,
    "videos:",
    video,
    '    prompt: "product {{sku}} in {{format}} format"',
    "    matrix:",
    "      sku: [cp-5, cp-6]",
    "      format: [wide, tall]",
    '  - name: "teaser"',
    '    prompt: "a teaser"',
    "",
  ].join("\n");
}

describe("renamed keys (issue 21, reproduction 5)", () => {
  it(
    "renamed_from moves every key of the old name template to the new one, and moved: one-off keys; nothing sent, idempotent",
    { timeout: 90_000 },
    async () => {
      const sim = await sims.start({ latency: 0, taskDurationMs: 200 });
      const env = cliEnv(sim.url);
      const dir = await mkdtemp(join(tmpdir(), "reelform-renamed-"));
      const path = join(dir, "launch.yaml");
      const lockfile = join(dir, "launch.lock.json");
      const cli = (...args: string[]) => startCli(args, dir, env).done;
      await writeFile(path, manifest('  - name: "launch-{{sku}}-{{format}}"'));
      expect((await applyCli(dir, env)).code).toBe(0);
      const before = await readLock(lockfile);
      expect(createRequests(sim)).toBe(5);

      await writeFile(
        path,
        manifest(
          '  - name: "{{sku}}-{{format}}"\n    renamed_from: "launch-{{sku}}-{{format}}"',
          "moved:\n  - { from: teaser, to: teaser-2026 }",
        ).replace('name: "teaser"', 'name: "teaser-2026"'),
      );
      const plan = await cli("plan", "launch.yaml", "--detailed-exitcode");
      expect(plan.code, plan.stderr).toBe(2);
      expect(plan.stdout).toContain("→ cp-5-wide  moved from launch-cp-5-wide (nothing is sent)");
      expect(plan.stdout).toContain("→ teaser-2026  moved from teaser (nothing is sent)");
      expect(plan.stdout).toContain("Plan: 5 moved; no video to generate.");
      expect(plan.stdout).not.toMatch(/^ {2}[+-] /m);

      const applied = await applyCli(dir, env);
      expect(applied.code, applied.stderr).toBe(0);
      expect(createRequests(sim)).toBe(5);
      const after = await readLock(lockfile);
      const afterText = await readFile(lockfile, "utf8");
      expect(Object.keys(after.entries).sort()).toEqual([
        "cp-5-tall",
        "cp-5-wide",
        "cp-6-tall",
        "cp-6-wide",
        "teaser-2026",
      ]);
      expect(after.entries["cp-6-tall"]).toEqual(before.entries["launch-cp-6-tall"]);
      expect(after.entries["teaser-2026"]).toEqual(before.entries.teaser);

      // The moves stay in the manifest: already made, they do nothing.
      const again = await cli("plan", "launch.yaml", "--detailed-exitcode");
      expect(again.code, again.stdout).toBe(0);
      expect(again.stdout).toContain("Nothing to do: the lockfile matches the manifest.");
      expect((await applyCli(dir, env)).code).toBe(0);
      // The same bytes: the second apply changed nothing (readLock gives entries as recorded, not the file's
      // format 2 text, so the comparison is with the text itself).
      expect(await readFile(lockfile, "utf8")).toBe(afterText);
      expect(createRequests(sim)).toBe(5);
    },
  );

  it(
    "refuses a move onto a recorded key and chains at file:line:col, and warns of a move matching nothing",
    { timeout: 60_000 },
    async () => {
      const sim = await sims.start({ latency: 0, taskDurationMs: 200 });
      const env = cliEnv(sim.url);
      const dir = await mkdtemp(join(tmpdir(), "reelform-renamed-"));
      const path = join(dir, "launch.yaml");
      const cli = (...args: string[]) => startCli(args, dir, env).done;
      await writeFile(path, manifest('  - name: "launch-{{sku}}-{{format}}"'));
      expect((await applyCli(dir, env)).code).toBe(0);

      // A move onto a key recorded and current: refused.
      await writeFile(
        path,
        manifest('  - name: "{{sku}}-{{format}}"', "moved:\n  - { from: launch-cp-5-wide, to: teaser }"),
      );
      const overwrite = await cli("plan", "launch.yaml");
      expect(overwrite.code).toBe(1);
      expect(overwrite.stderr).toMatch(
        /launch\.yaml:8:5: error: (\[[^\]]+\] )?moving "launch-cp-5-wide" to "teaser" would overwrite the current entry recorded for "teaser" \(TaskId /,
      );

      // A chain (a -> b -> c), and a cycle.
      await writeFile(
        path,
        manifest(
          '  - name: "{{sku}}-{{format}}"',
          "moved:\n  - { from: launch-cp-5-wide, to: cp-5-wide }\n  - { from: cp-5-wide, to: cp-6-wide }",
        ),
      );
      const chain = await cli("plan", "launch.yaml");
      expect(chain.code).toBe(1);
      expect(chain.stderr).toMatch(
        /launch\.yaml:9:\d+: error: (\[[^\]]+\] )?moves may not chain: "launch-cp-5-wide" -> "cp-5-wide" -> "cp-6-wide"/,
      );
      await writeFile(
        path,
        manifest(
          '  - name: "{{sku}}-{{format}}"',
          "moved:\n  - { from: cp-5-wide, to: cp-6-wide }\n  - { from: cp-6-wide, to: cp-5-wide }",
        ),
      );
      expect((await cli("plan", "launch.yaml")).stderr).toMatch(
        /moves may not chain: "cp-6-wide" -> "cp-5-wide" -> "cp-6-wide" is a cycle/,
      );

      // A move still producing its old key.
      await writeFile(
        path,
        manifest('  - name: "launch-{{sku}}-{{format}}"', "moved:\n  - { from: launch-cp-5-wide, to: teaser }"),
      );
      expect((await cli("plan", "launch.yaml")).stderr).toMatch(
        /launch\.yaml:8:\d+: error: (\[[^\]]+\] )?moved: "launch-cp-5-wide" is still a key of this manifest/,
      );

      // A from the lockfile never had (and nothing recorded at to either): a warning. (With an entry at `to`, the
      // move counts as made already, as Terraform's moved blocks do.)
      await writeFile(
        path,
        manifest(
          '  - name: "launch-{{sku}}-{{format}}"',
          "moved:\n  - { from: never-recorded, to: teaser-new }",
        ).replace('name: "teaser"', 'name: "teaser-new"'),
      );
      const nothing = await cli("plan", "launch.yaml");
      expect(nothing.code, nothing.stderr).toBe(0);
      expect(nothing.stderr).toContain(
        'reelform: warning: launch.yaml:8:5: moving "never-recorded" to "teaser-new": the lockfile has no entry "never-recorded" (nothing to move)',
      );
    },
  );
});
