// apply --wait --pull through the tencent provider while the simulator aborts a share of the tasks
// (--abort-share): batch status must see an ABORTED task as ended. DescribeTasks' Status filter knows only
// WAITING, PROCESSING and FINISH, so listing `Status: FINISH` (the old way) never lists an aborted task and
// the run waited for it until --timeout. Both storage modes: Temporary (detail queries for outputs) and
// Permanent (the media route, which an aborted task, having no FileId, must not wait for).
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import { tencentEnv } from "../tencent/helpers.js";
import { campaignDir, e2eSimulators, simTasksByKey, startCli } from "./apply-helpers.js";

const sims = e2eSimulators();
const VIDEOS = 12;

describe.each(["Temporary", "Permanent"])("apply --wait --pull, tencent, %s storage, with aborted tasks", (storage) => {
  it(
    "ends soon after the last task ends, every aborted task recorded as such with the API's code and message",
    { timeout: 150_000 },
    async () => {
      const sim = await sims.start({
        latency: 5,
        taskDurationRange: { minMs: 1000, maxMs: 4000 },
        abortShare: 0.25,
        seed: 7,
      });
      const c = await campaignDir(VIDEOS);
      const yaml = await readFile(c.manifest, "utf8");
      await writeFile(c.manifest, yaml.replace("duration: 5 }", `duration: 5, storage_mode: ${storage} }`));
      // --timeout 60s: far beyond what the run needs (tasks of 1-4 s), and what the old code ran into.
      const run = await startCli(
        ["apply", "launch.yaml", "--auto-approve", "--rate", "0", "--wait", "--pull", "out", "--timeout", "60s"],
        c.dir,
        tencentEnv(sim.url),
      ).done;

      const statusById = new Map(sim.state().tasks.map((t) => [t.task_id, t.status]));
      const aborted = [...simTasksByKey(sim)]
        .filter(([, ids]) => statusById.get(ids[0] ?? "") === "ABORTED")
        .map(([key]) => key);
      expect(aborted.length, "the seed aborts some tasks").toBeGreaterThan(0);
      expect(aborted.length).toBeLessThan(VIDEOS);
      expect(run.code, run.stderr).toBe(1); // tasks failed (aborted): not a timeout
      expect(run.stdout + run.stderr).not.toMatch(/timeout|timed out/i);

      const entries = (await readLockfile(c.lockfile))?.entries ?? {};
      expect(Object.keys(entries)).toHaveLength(VIDEOS);
      for (const [key, entry] of Object.entries(entries)) {
        if (aborted.includes(key)) {
          expect(entry.task, key).toMatchObject({
            state: "failed",
            api_status: "ABORTED",
            error: {
              err_code: 70003,
              err_code_ext: "OperationCanceled",
              message: "The task was aborted.",
              transient: false,
            },
          });
        } else {
          expect(entry.task, key).toMatchObject({ state: "succeeded", outputs: [{ storage_mode: storage }] });
        }
      }

      // Within the documented bound after the last task ended: at most the listings of the next look or two
      // (batch status learns of a finish within 10 s; counted in requests, so a slow machine cannot fail it).
      const lastFinish = Math.max(...Object.values(entries).map((e) => Date.parse(e.task?.finish_time ?? "")));
      const listings = sim
        .state()
        .requests.filter((r) => r.path === "/?Action=DescribeTasks" && Date.parse(r.at) >= lastFinish + 1000);
      expect(listings.length).toBeLessThanOrEqual(2);
    },
  );
});
