// Account-wide answers (LimitExceeded.Quota, FailedOperation.InvalidVodUser, InvalidParameterValue.SubAppId,
// UnauthorizedOperation, AuthFailure.*) stop apply at once, and apply and status word them the same way.
import { describe, expect, it } from "vitest";
import { classifyApiError } from "../../src/api/classify.js";
import { accountStopMessage } from "../../src/api/account-wide.js";
import { runCli } from "../helpers/exec.js";
import { applyCli, campaignDir, cliEnv, e2eSimulators } from "./apply-helpers.js";

describe("the classification covers every code Tencent lists for CreateAigcVideoTask", () => {
  it.each([
    ["FailedOperation", "retryable"],
    ["FailedOperation.InvalidVodUser", "fatal"],
    ["InternalError", "retryable"],
    ["InvalidParameter", "rejected"],
    ["InvalidParameterValue.FileId", "rejected"],
    ["InvalidParameterValue.SessionContextTooLong", "rejected"],
    ["InvalidParameterValue.SessionIdTooLong", "rejected"],
    ["InvalidParameterValue.SubAppId", "fatal"],
    ["LimitExceeded.Quota", "fatal"],
    ["UnauthorizedOperation", "fatal"],
    ["InvalidParameterValue.SessionId", "duplicate"],
    ["AuthFailure.SignatureExpire", "fatal"],
  ])("%s -> %s", (code, kind) => {
    expect(classifyApiError({ code, message: "m", http_status: 200 })).toBe(kind);
  });
});

describe("account-wide answers stop apply at once, worded as status words them", () => {
  const sims = e2eSimulators();

  it.each([
    "LimitExceeded.Quota",
    "FailedOperation.InvalidVodUser",
    "InvalidParameterValue.SubAppId",
    "UnauthorizedOperation",
  ])("%s", async (code) => {
    const sim = await sims.start({ createRatePerSecond: 0, taskDurationMs: 50 });
    const ok = await campaignDir(1);
    expect((await applyCli(ok.dir, cliEnv(sim.url))).code).toBe(0);

    sim.configure({ tencentError200: { probability: 1, code, on: "both" } });
    const stopped = await campaignDir(5);
    const before = sim.state().requests.length;
    const apply = await applyCli(stopped.dir, cliEnv(sim.url), "--parallelism", "1");
    const sentByApply = sim.state().requests.length - before;
    const status = await runCli(["status", "launch.yaml"], { cwd: ok.dir, env: cliEnv(sim.url) });

    const wording = accountStopMessage({ code, message: `Simulated error ${code}.` });
    expect(apply.code).toBe(1);
    expect(apply.stdout).toMatch(/Stopped at clip-\d: the API refused the account: /);
    expect(apply.stdout).toContain(wording);
    expect(apply.stdout).toContain("4 not started");
    expect(sentByApply).toBe(1);
    expect(status.stderr).toContain(`reelform: status stopped: ${wording}`);
  });
});
