// A wrong REELFORM_BASE_URL or REELFORM_API_KEY stops apply early, names the setting, and records nothing
// as rejected: once the setting is fixed, the next apply sends every request.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { API_KEY, applyCli, campaignDir, cliEnv, e2eSimulators, readLock } from "./apply-helpers.js";
import { runCli } from "../helpers/exec.js";

const sims = e2eSimulators();

async function submissions(lockfile: string): Promise<string[]> {
  return existsSync(lockfile) ? Object.values((await readLock(lockfile)).entries).map((e) => e.submission) : [];
}

function listen(server: Server): Promise<number> {
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done((server.address() as AddressInfo).port)));
}

describe("a wrong endpoint is a configuration error, not a rejection", { timeout: 120_000 }, () => {
  it("wrong path: stops at once naming REELFORM_BASE_URL, rejects nothing; the fixed URL then sends all", async () => {
    const sim = await sims.start({ latency: 0, createRatePerSecond: 0 });
    const c = await campaignDir(7);
    const wrong = await applyCli(c.dir, cliEnv(`${sim.url}/api`));
    expect(wrong.code).toBe(1);
    expect(`${wrong.stdout}${wrong.stderr}`).toMatch(
      /HTTP 404: there is no create endpoint at this address: check REELFORM_BASE_URL \(now http:\/\/127\.0\.0\.1:\d+\/api\)/,
    );
    expect(wrong.stdout).toMatch(/0 rejected/);
    expect(await submissions(c.lockfile)).toEqual([]);
    expect(sim.state().tasks).toHaveLength(0);
    expect(sim.state().requests.length).toBeLessThanOrEqual(8); // stopped early: at most the first requests in flight

    const fixed = await applyCli(c.dir, cliEnv(sim.url));
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain("7 created");
  });

  it("wrong port: a short bounded retry, then stops naming REELFORM_BASE_URL; nothing recorded", async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((done) => closed.close(done));
    const c = await campaignDir(7);
    const wrong = await applyCli(c.dir, cliEnv(`http://127.0.0.1:${port}`));
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(
      /no request of this run could reach the API \(3 attempts; .*ECONNREFUSED.*check REELFORM_BASE_URL/,
    );
    expect(await submissions(c.lockfile)).toEqual([]);
    const retries = wrong.stdout.split("\n").filter((l) => l.startsWith("retry "));
    expect(retries.length).toBeLessThan(7 * 2 + 1); // at most two retries per request, most stop sooner

    const sim = await sims.start({ latency: 0, createRatePerSecond: 0 });
    const fixed = await applyCli(c.dir, cliEnv(sim.url));
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain("7 created");
  });

  it.each([302, 307])("a %i redirect is not followed: the run stops, the other server gets nothing", async (status) => {
    const sim = await sims.start({ latency: 0, createRatePerSecond: 0 });
    const redirector = createServer((req, res) => {
      req.resume();
      res.writeHead(status, { location: `${sim.url}${req.url ?? "/"}` });
      res.end();
    });
    const port = await listen(redirector);
    try {
      const c = await campaignDir(3);
      const result = await applyCli(c.dir, cliEnv(`http://127.0.0.1:${port}`));
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        new RegExp(
          `HTTP ${status}: a redirect to http://127\\.0\\.0\\.1:\\d+/tencent-vod/v1/aigc-video, which reelform never follows.*REELFORM_BASE_URL`,
        ),
      );
      expect(sim.state().requests).toHaveLength(0);
      expect(await submissions(c.lockfile)).toEqual([]);
    } finally {
      await new Promise((done) => redirector.close(done));
    }
  });

  it("a refused key stops the run naming REELFORM_API_KEY and rejects nothing", async () => {
    const sim = await sims.start({ latency: 0, createRatePerSecond: 0, apiKey: API_KEY });
    const c = await campaignDir(4);
    const result = await applyCli(c.dir, cliEnv(sim.url, { REELFORM_API_KEY: "sk-wrong-key" }));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/check REELFORM_API_KEY/);
    expect(`${result.stdout}${result.stderr}`).not.toContain("sk-wrong-key");
    expect(await submissions(c.lockfile)).toEqual([]);
    const fixed = await applyCli(c.dir, cliEnv(sim.url));
    expect(fixed.stdout).toContain("4 created");
  });

  it("status against a wrong path stops naming REELFORM_BASE_URL and marks no task expired", async () => {
    const sim = await sims.start({ latency: 0, createRatePerSecond: 0 });
    const c = await campaignDir(2);
    expect((await applyCli(c.dir, cliEnv(sim.url))).code).toBe(0);
    const before = await readLock(c.lockfile);
    const status = await runCli(["status", "launch.yaml"], { cwd: c.dir, env: cliEnv(`${sim.url}/api`) });
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/status stopped: configuration error: HTTP 404.*check REELFORM_BASE_URL/);
    expect(await readLock(c.lockfile)).toEqual(before);

    const closed = createServer();
    const port = await listen(closed);
    await new Promise((done) => closed.close(done));
    const refused = await runCli(["status", "launch.yaml"], { cwd: c.dir, env: cliEnv(`http://127.0.0.1:${port}`) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /status stopped: configuration error: no request of this run could reach the API \(3 attempts.*ECONNREFUSED.*check REELFORM_BASE_URL/,
    );
    expect(await readLock(c.lockfile)).toEqual(before);
  });
});
