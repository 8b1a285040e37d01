// One applied and checked task (clip-1) whose only output a test's own file host serves: the setup of the
// pull tests against hostile hosts and hostile output folders.
import type { IncomingMessage, ServerResponse } from "node:http";
import { expect } from "vitest";
import { runCli } from "../helpers/exec.js";
import { created, finishedTask, hostileGateway, json } from "../helpers/hostile-gateway.js";
import { fileHost } from "../pull/helpers/server.js";
import { campaignDir, cliEnv } from "./apply-helpers.js";

const FINISHED_TASK = "1500012345-AigcVideoTask-00ff00ff00fft";

/** `serve` answers GET /v.mp4; the servers' closers are pushed onto `closers` for the test's afterEach. */
export async function finishedCampaign(
  serve: (req: IncomingMessage, res: ServerResponse) => void,
  closers: (() => Promise<void>)[],
): Promise<{ dir: string; env: Record<string, string> }> {
  const host = await fileHost({ "/v.mp4": (req, res) => serve(req, res) });
  const gateway = await hostileGateway({
    create: (_req, res) => created(res, FINISHED_TASK),
    query: (_req, res) => json(res, finishedTask(FINISHED_TASK, host.url("/v.mp4"))),
  });
  closers.push(host.close, gateway.close);
  const { dir } = await campaignDir(1);
  const env = cliEnv(gateway.url);
  expect((await runCli(["apply", "launch.yaml", "--auto-approve"], { cwd: dir, env })).code).toBe(0);
  expect((await runCli(["status", "launch.yaml"], { cwd: dir, env })).code).toBe(0);
  return { dir, env };
}
