// The merge driver as git calls it: `reelform merge-driver %O %A %B %P` (the union in %A, exit 0), and
// when it cannot merge, exit 1 with both sides left between conflict markers in %A, so nothing is dropped.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeLockfile } from "../../src/lockfile/io.js";
import type { Lockfile } from "../../src/lockfile/types.js";
import { hashBody } from "../../src/util/canonical-json.js";
import { runCli } from "../helpers/exec.js";

const body = { model_name: "Kling", model_version: "2.1", prompt: "p" };

function lockWith(campaign: string, ...keys: string[]): string {
  const entries = Object.fromEntries(
    keys.map((k) => [
      k,
      {
        hash: hashBody(body),
        generation: 1,
        session_id: `rf1-${k}`,
        submission: "created" as const,
        task_id: `T-${k}`,
        body,
      },
    ]),
  );
  return serializeLockfile({ format_version: 1, campaign, entries } as Lockfile);
}

async function files(base: string, ours: string, theirs: string): Promise<{ dir: string; args: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), "reelform-driver-"));
  await writeFile(join(dir, "O"), base);
  await writeFile(join(dir, "A"), ours);
  await writeFile(join(dir, "B"), theirs);
  return { dir, args: ["merge-driver", "O", "A", "B", "manifests/launch.lock.json"] };
}

describe("reelform merge-driver", () => {
  it("writes the union into %A in the canonical format and exits 0", async () => {
    const { dir, args } = await files(lockWith("c", "a"), lockWith("c", "a", "b"), lockWith("c", "a", "c"));
    const result = await runCli(args, { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(join(dir, "A"), "utf8")).toBe(lockWith("c", "a", "b", "c"));
  });

  it("exits 1 when a side is not a lockfile, leaving both sides between git's markers in %A", async () => {
    const { dir, args } = await files(lockWith("c", "a"), lockWith("c", "a", "b"), "{ not json\n");
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/manifests\/launch\.lock\.json \(theirs\)/);
    const left = await readFile(join(dir, "A"), "utf8");
    expect(left).toMatch(/^<{7} ours$/m);
    expect(left).toContain('"T-b"');
    expect(left).toContain("{ not json");
  });

  it("exits 1 for two campaigns rather than mix them", async () => {
    const { dir, args } = await files(lockWith("c", "a"), lockWith("c", "a", "b"), lockWith("other", "a"));
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/one side is campaign "c", the other "other"/);
  });
});
