// apply --wait --pull through the tencent provider with Permanent storage: finished tasks are settled from
// their media (DescribeMediaInfos, 20 a request) instead of a DescribeTaskDetail each; a failed task (FINISH
// without a FileId) still gets its detail query, with the API's code and message recorded.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import { tencentEnv } from "../tencent/helpers.js";
import { campaignDir, e2eSimulators, startCli } from "./apply-helpers.js";

const sims = e2eSimulators();
const VIDEOS = 6;
const FILE_SIZE = 64 * 1024;

/** The shared e2e campaign, its outputs kept Permanent, plus one video whose prompt the simulator fails. */
async function permanentCampaign() {
  const c = await campaignDir(VIDEOS);
  const yaml = (await readFile(c.manifest, "utf8")).replace("duration: 5 }", "duration: 5, storage_mode: Permanent }");
  await writeFile(c.manifest, `${yaml}  - name: "broken"\n    prompt: "a FAIL_ME clip"\n`);
  return c;
}

describe("apply --wait --pull, tencent, Permanent storage", () => {
  it(
    "downloads every file from DescribeMediaInfos' MediaUrl, with fewer DescribeTaskDetail than tasks; the failed task keeps its error",
    { timeout: 120_000 },
    async () => {
      const sim = await sims.start({
        latency: 5,
        taskDurationRange: { minMs: 1000, maxMs: 3000 },
        fileSize: FILE_SIZE,
      });
      const c = await permanentCampaign();
      const run = await startCli(
        ["apply", "launch.yaml", "--auto-approve", "--rate", "0", "--wait", "--pull", "out", "--timeout", "90s"],
        c.dir,
        tencentEnv(sim.url),
      ).done;
      expect(run.code, run.stderr).toBe(1); // a task failed

      const entries = (await readLockfile(c.lockfile))?.entries ?? {};
      expect(Object.keys(entries)).toHaveLength(VIDEOS + 1);
      expect(entries.broken?.task).toMatchObject({
        state: "failed",
        api_status: "FINISH",
        error: {
          err_code: 10010,
          err_code_ext: "ContentModerationFailed",
          message: "The content did not pass moderation.",
        },
      });
      for (let n = 1; n <= VIDEOS; n += 1) {
        const key = `clip-${n}`;
        const task = entries[key]?.task;
        expect(task, key).toMatchObject({
          state: "succeeded",
          api_status: "FINISH",
          output_seconds: 5.04,
          create_time: expect.any(String),
          finish_time: expect.any(String),
        });
        const output = task?.outputs[0];
        expect(output, key).toMatchObject({
          storage_mode: "Permanent",
          file_id: expect.stringMatching(/^\d+$/),
          file_type: "mp4",
          width: 1280,
          height: 720,
          duration: 5.04,
        });
        expect(output, key).not.toHaveProperty("expires_at"); // VOD's "never" (9999-12-31T23:59:59Z) is no expiry
        const bytes = readFileSync(join(c.dir, "out", "e2e", `${key}.mp4`));
        expect(output?.size, key).toBe(bytes.length);
        expect(output?.sha256, key).toBe(createHash("sha256").update(bytes).digest("hex"));
      }

      const actions = sim.state().requests.map((r) => r.path);
      const count = (action: string) => actions.filter((path) => path === `/?Action=${action}`).length;
      expect(count("DescribeMediaInfos")).toBeGreaterThanOrEqual(1);
      expect(count("DescribeMediaInfos")).toBeLessThanOrEqual(VIDEOS);
      expect(count("DescribeTaskDetail")).toBeGreaterThanOrEqual(1); // the failed task's error
      expect(count("DescribeTaskDetail")).toBeLessThan(VIDEOS + 1);
    },
  );
});
