// Issue 24: pull over complete files does not hash them again while they are provably the files it hashed
// (pull/verified.ts), and never trusts a file that changed since: rewritten, replaced, or with its times set
// back. To see whether a file was read, the cache is made to vouch for a sha256 the file does not have.
import { createHash } from "node:crypto";
import { mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { alreadyComplete } from "../../src/pull/files.js";
import { openVerifiedFiles, verifiedFilesPath } from "../../src/pull/verified.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const LATER = () => Date.now() + 60_000; // the files count as settled

function folder(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "reelform-verified-"));
  dirs.push(dir);
  return { dir, file: join(dir, "x.mp4") };
}

/** The cache saved after one pull that hashed `file`, then edited to claim `claimed` as its sha256. */
async function cacheClaiming(dir: string, file: string, actual: string, claimed: string): Promise<void> {
  const files = await openVerifiedFiles(dir, "c");
  expect(await alreadyComplete(file, { url: "u", size: 1, sha256: sha(actual) }, { files, nowMs: LATER() })).toBe(true);
  await files.save();
  const path = verifiedFilesPath(dir, "c");
  writeFileSync(path, readFileSync(path, "utf8").replace(sha(actual), sha(claimed)));
}

describe("files pull already hashed (issue 24)", () => {
  it("are not read again while their identity is unchanged", async () => {
    const { dir, file } = folder();
    writeFileSync(file, "x");
    await cacheClaiming(dir, file, "x", "y");
    const files = await openVerifiedFiles(dir, "c");
    // The cache vouches for "y": the file was not read (it holds "x").
    expect(await alreadyComplete(file, { url: "u", size: 1, sha256: sha("y") }, { files, nowMs: LATER() })).toBe(true);
  });

  it("are read again once rewritten, replaced, or their times set back", async () => {
    const changes: ((file: string) => void)[] = [
      (file) => writeFileSync(file, "z"),
      (file) => {
        writeFileSync(`${file}.new`, "v");
        renameSync(`${file}.new`, file);
      },
      (file) => utimesSync(file, 1_000_000, 1_000_000), // the very times it had: only ctime moves
    ];
    for (const change of changes) {
      const { dir, file } = folder();
      writeFileSync(file, "x");
      utimesSync(file, 1_000_000, 1_000_000); // whole seconds: set back exactly below
      await cacheClaiming(dir, file, "x", "y");
      await new Promise((resolve) => setTimeout(resolve, 20)); // past the file system's timestamp tick
      change(file);
      const files = await openVerifiedFiles(dir, "c");
      const complete = await alreadyComplete(file, { url: "u", size: 1, sha256: sha("y") }, { files, nowMs: LATER() });
      expect(complete).toBe(false); // hashed: it does not hold the "y" the cache claims
    }
  });

  it("does not remember a file changed moments ago, nor a damaged cache", async () => {
    const { dir, file } = folder();
    writeFileSync(file, "x");
    const files = await openVerifiedFiles(dir, "c");
    expect(await alreadyComplete(file, { url: "u", size: 1, sha256: sha("x") }, { files, nowMs: Date.now() })).toBe(
      true,
    );
    await files.save();
    expect(() => statSync(verifiedFilesPath(dir, "c"))).toThrow(); // nothing settled: nothing saved
    writeFileSync(verifiedFilesPath(dir, "c"), "{ damaged");
    const again = await openVerifiedFiles(dir, "c");
    expect(await alreadyComplete(file, { url: "u", size: 1, sha256: sha("y") }, { files: again, nowMs: LATER() })).toBe(
      false,
    );
  });
});
