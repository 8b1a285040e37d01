// The simulator verifies TC3-HMAC-SHA256 signatures with its own code: a tampered signature, a wrong key,
// an unknown SecretId and a stale timestamp are refused with Tencent's codes, and reelform reports each as
// a configuration error naming the setting to fix. Nothing is created; no secret is printed or written.
import type { Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { readLockfile } from "../../src/lockfile/io.js";
import { allFiles, applyCli, campaignDir, e2eSimulators } from "../e2e/apply-helpers.js";
import { tamperingProxy, tencentEnv } from "./helpers.js";

const sims = e2eSimulators();
let proxy: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve())));

const WRONG_KEY = "wrongSecretKey-must-not-leak-1234";

describe("TC3 signatures (end to end, against the simulator)", { timeout: 120_000 }, () => {
  it.each([
    [
      "a wrong key",
      { TENCENTCLOUD_SECRET_KEY: WRONG_KEY },
      "AuthFailure.SignatureFailure",
      "TENCENTCLOUD_SECRET_KEY does not match TENCENTCLOUD_SECRET_ID",
    ],
    [
      "an unknown SecretId",
      { TENCENTCLOUD_SECRET_ID: "AKIDnobodyKnowsThisOne" },
      "AuthFailure.SecretIdNotFound",
      "TENCENTCLOUD_SECRET_ID is not a SecretId the API knows",
    ],
  ])("refuses %s, and reelform names the setting", async (_what, extra, code, advice) => {
    const sim = await sims.start({ latency: 0 });
    const c = await campaignDir(2);
    const result = await applyCli(c.dir, tencentEnv(sim.url, extra));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`the API refused the account: ${code}`);
    expect(result.stdout).toContain(`configuration error: ${advice}`);
    expect(sim.state().requests.map((r) => r.error_code)).toContain(code);
    expect(sim.state().tasks).toHaveLength(0);
    expect(result.stdout + result.stderr).not.toContain(WRONG_KEY);
    for (const file of await allFiles(c.dir)) expect(file.text, file.path).not.toContain(WRONG_KEY);
  });

  it("refuses a tampered signature", async () => {
    const sim = await sims.start({ latency: 0 });
    const tampering = await tamperingProxy(sim.url);
    proxy = tampering.server;
    const c = await campaignDir(1);
    const result = await applyCli(c.dir, tencentEnv(sim.url, { REELFORM_TENCENT_ENDPOINT: tampering.url }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("the API refused the account: AuthFailure.SignatureFailure");
    expect(result.stdout).toContain("TENCENTCLOUD_SECRET_KEY");
    expect(sim.state().tasks).toHaveLength(0);
  });

  it("refuses a timestamp more than 5 minutes off, and reelform points at the clock", async () => {
    const sim = await sims.start({ latency: 0, now: () => Date.now() + 6 * 60_000 });
    const c = await campaignDir(1);
    const result = await applyCli(c.dir, tencentEnv(sim.url));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("the API refused the account: AuthFailure.SignatureExpire");
    expect(result.stdout).toContain("correct this machine's clock");
    expect(sim.state().tasks).toHaveLength(0);
  });

  it("accepts the same requests signed with the right credentials (provider and SubAppId from the manifest)", async () => {
    const sim = await sims.start({ latency: 0 });
    const c = await campaignDir(2, "provider: tencent\ntencent: { sub_app_id: 1500039421 }");
    const { REELFORM_PROVIDER: _unset, ...env } = tencentEnv(sim.url);
    const result = await applyCli(c.dir, env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(sim.state().tasks).toHaveLength(2);
    const lock = await readLockfile(c.lockfile);
    expect(Object.values(lock?.entries ?? {}).map((e) => [e.provider, e.sub_app_id])).toEqual([
      ["tencent", 1500039421],
      ["tencent", 1500039421],
    ]);
  });

  it("TENCENTCLOUD_VOD_SUBAPP_ID overrides the manifest; a sub-application of another account is named as the setting to fix", async () => {
    const sim = await sims.start({ latency: 0 });
    const c = await campaignDir(1, "provider: tencent\ntencent: { sub_app_id: 1500039421 }");
    const result = await applyCli(c.dir, tencentEnv(sim.url, { TENCENTCLOUD_VOD_SUBAPP_ID: "42" }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("InvalidParameterValue.SubAppId: configuration error: TENCENTCLOUD_VOD_SUBAPP_ID");
    expect(sim.state().tasks).toHaveLength(0);
  });
});
