// Issue 10, item 10: a file host that sends an endless body, announces a huge one, or trickles one byte a
// second. pull refuses past the size cap and gives up at the file's deadline, both configurable.
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { endlessBody } from "../helpers/hostile-gateway.js";
import { runCli } from "../helpers/exec.js";
import { campaignDir } from "./apply-helpers.js";
import { finishedCampaign as finishedCampaignOn } from "./finished-campaign.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** One finished task whose only output is on a file host answering with `serve`. */
function finishedCampaign(serve: (res: ServerResponse) => void): Promise<{ dir: string; env: Record<string, string> }> {
  return finishedCampaignOn((_req, res) => serve(res), closers);
}

async function filesUnder(dir: string): Promise<string[]> {
  return existsSync(dir) ? (await readdir(dir, { recursive: true })).map(String) : [];
}

describe("10. pull against a hostile file host", () => {
  it("an endless chunked body stops at --max-file-size, and nothing is kept", { timeout: 120_000 }, async () => {
    const { dir, env } = await finishedCampaign((res) => endlessBody(res, "", "video/mp4"));
    const pull = await runCli(["pull", "launch.yaml", "--max-file-size", "1MiB"], { cwd: dir, env });
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain(
      "pull: clip-1: failed (too_large): the file host sent more than 1048576 bytes, over the 1048576-byte cap (--max-file-size); nothing kept",
    );
    expect(await filesUnder(join(dir, "out", "e2e"))).toEqual([]);
  });

  it(
    "a body announced larger than REELFORM_PULL_MAX_FILE_SIZE is refused before it is read",
    { timeout: 120_000 },
    async () => {
      const { dir, env } = await finishedCampaign((res) => {
        res.writeHead(200, { "content-length": String(2 ** 40) });
        res.write(Buffer.alloc(1024));
      });
      const pull = await runCli(["pull", "launch.yaml"], {
        cwd: dir,
        env: { ...env, REELFORM_PULL_MAX_FILE_SIZE: "10MB" },
      });
      expect(pull.code).toBe(1);
      expect(pull.stderr).toContain(
        "failed (too_large): the file host announced 1099511627776 bytes, over the 10000000-byte cap",
      );
    },
  );

  it(
    "a host trickling one byte a second is given up at --file-timeout, the .part kept for later",
    { timeout: 120_000 },
    async () => {
      const { dir, env } = await finishedCampaign((res) => {
        res.writeHead(200, { "content-length": String(1e9) });
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write("x")), 1000);
        res.on("close", () => clearInterval(timer));
      });
      const pull = await runCli(["pull", "launch.yaml", "--file-timeout", "3s"], { cwd: dir, env });
      expect(pull.code).toBe(1);
      expect(pull.stderr).toMatch(
        /pull: clip-1: failed \(timeout\): not complete within the file's deadline \(--file-timeout\); \d+ bytes kept in the \.part file/,
      );
      expect(await filesUnder(join(dir, "out", "e2e"))).toEqual(["clip-1.mp4.part"]);
    },
  );

  it("malformed limits name the flag or the variable", async () => {
    const { dir } = await campaignDir(1);
    expect((await runCli(["pull", "launch.yaml", "--max-file-size", "lots"], { cwd: dir })).stderr).toContain(
      '--max-file-size must be a size such as 2GiB, 500MB or a number of bytes, got "lots"',
    );
    expect(
      (await runCli(["pull", "launch.yaml"], { cwd: dir, env: { REELFORM_PULL_FILE_TIMEOUT: "soon" } })).stderr,
    ).toContain('REELFORM_PULL_FILE_TIMEOUT must be a duration such as 30m, 90s or 1h30m, got "soon"');
  });
});
