// Issue 22, items 7 and 8: links planted in the output folder. pull never writes, resumes or renames through
// a symbolic link (a `.part`, a finished file or the campaign folder), and says why.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";
import { campaignDir, cliEnv, startCli, until } from "./apply-helpers.js";
import { finishedCampaign as finishedCampaignOn } from "./finished-campaign.js";

const VIDEO = Buffer.alloc(49_152, 7);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** One finished task (clip-1) whose output a file host serves, honouring Range or not. */
function finishedCampaign(honourRange: boolean): Promise<{ dir: string; env: Record<string, string> }> {
  return finishedCampaignOn((req, res) => {
    const range = honourRange ? /^bytes=(\d+)-$/.exec(req.headers.range ?? "") : null;
    const start = range ? Number(range[1]) : 0;
    res.writeHead(range ? 206 : 200, {
      "content-length": String(VIDEO.length - start),
      ...(range ? { "content-range": `bytes ${start}-${VIDEO.length - 1}/${VIDEO.length}` } : {}),
    });
    res.end(VIDEO.subarray(start));
  }, closers);
}

function outsideFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), "reelform-outside-")), "precious.txt");
  writeFileSync(path, "junk-14-bytes!");
  return path;
}

describe("7. pull and links in the output folder", () => {
  for (const honourRange of [true, false]) {
    it(
      `a .part that links outside is refused, the outside file untouched (host ${honourRange ? "resumes" : "ignores Range"})`,
      { timeout: 60_000 },
      async () => {
        const { dir, env } = await finishedCampaign(honourRange);
        const outside = outsideFile();
        mkdirSync(join(dir, "out", "e2e"), { recursive: true });
        symlinkSync(outside, join(dir, "out", "e2e", "clip-1.mp4.part"));
        const pull = await runCli(["pull", "launch.yaml"], { cwd: dir, env });
        expect(pull.code).toBe(1);
        expect(pull.stderr).toContain(
          "clip-1.mp4.part is a symbolic link; pull writes only regular files and never follows links (remove it)",
        );
        expect(readFileSync(outside, "utf8")).toBe("junk-14-bytes!");
        expect(lstatSync(join(dir, "out", "e2e", "clip-1.mp4.part")).isSymbolicLink()).toBe(true);
        expect(readFileSync(join(dir, "launch.lock.json"), "utf8")).not.toContain('"sha256"');
      },
    );
  }

  it(
    "a symlinked campaign folder is refused; once it is a real folder the pull completes",
    { timeout: 60_000 },
    async () => {
      const { dir, env } = await finishedCampaign(true);
      const elsewhere = mkdtempSync(join(tmpdir(), "reelform-elsewhere-"));
      mkdirSync(join(dir, "out"));
      symlinkSync(elsewhere, join(dir, "out", "e2e"));
      const pull = await runCli(["pull", "launch.yaml"], { cwd: dir, env });
      expect(pull.code).toBe(1);
      expect(pull.stderr).toContain("the campaign folder e2e is a symbolic link; pull never writes through links");
      expect(() => lstatSync(join(elsewhere, "clip-1.mp4"))).toThrow();
      rmSync(join(dir, "out", "e2e"));
      expect((await runCli(["pull", "launch.yaml"], { cwd: dir, env })).code).toBe(0);
      expect(statSync(join(dir, "out", "e2e", "clip-1.mp4")).size).toBe(VIDEO.length);
    },
  );
});

describe("8. review --serve serves only regular files inside its folder", () => {
  it(
    "a folder is a 404 (no EISDIR crash), a link to /etc/hostname or outside is a 404, a real file is served",
    { timeout: 60_000 },
    async () => {
      const { dir } = await campaignDir(1);
      const outside = outsideFile();
      mkdirSync(join(dir, "out", "e2e"), { recursive: true });
      writeFileSync(join(dir, "out", "e2e", "clip-1.mp4"), VIDEO);
      symlinkSync("/etc/hostname", join(dir, "out", "e2e", "host.mp4"));
      symlinkSync(outside, join(dir, "out", "e2e", "outside.mp4"));
      symlinkSync(join(outside, ".."), join(dir, "out", "linked"));
      const served = startCli(["review", "launch.yaml", "--dir", "out", "--serve"], dir, cliEnv("http://127.0.0.1:9"));
      let out = "";
      served.child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
      await until(async () => /http:\/\/127\.0\.0\.1:\d+\/\S+\//.test(out), 30_000);
      const url = /http:\/\/127\.0\.0\.1:\d+\/\S+\//.exec(out)?.[0] as string;
      expect((await fetch(`${url}files/e2e`)).status).toBe(404);
      expect((await fetch(`${url}files/e2e/`)).status).toBe(404);
      expect((await fetch(`${url}files/e2e/host.mp4`)).status).toBe(404);
      expect((await fetch(`${url}files/e2e/outside.mp4`)).status).toBe(404);
      expect((await fetch(`${url}files/linked/precious.txt`)).status).toBe(404);
      const real = await fetch(`${url}files/e2e/clip-1.mp4`);
      expect(real.status).toBe(200);
      expect(Buffer.from(await real.arrayBuffer()).equals(VIDEO)).toBe(true);
      served.child.kill("SIGINT");
      const done = await served.done;
      expect(done.stderr).not.toMatch(/internal error|EISDIR/);
      expect(done.code).toBe(0);
    },
  );
});
