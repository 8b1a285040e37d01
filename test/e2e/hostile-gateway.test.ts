// Issue 10, items 1-5 and 7-9: what a gateway reelform does not control (or a careless setting) can do to the
// built CLI, each against a hostile gateway on 127.0.0.1.
import { existsSync } from "node:fs";
import { readFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  hostileGateway,
  created,
  endlessBody,
  finishedTask,
  json,
  rawJson,
  type HostileGateway,
} from "../helpers/hostile-gateway.js";
import { runCli } from "../helpers/exec.js";
import { campaignDir, cliEnv, readLock } from "./apply-helpers.js";

let gateway: HostileGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const TASK = "1500012345-AigcVideoTask-6b1f0e8c9d2at";
// Anything a terminal or GitHub's log would act on: ESC, BEL, a line starting with a workflow command.
const UNSAFE_OUTPUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|^\s*::/m;

const run = (dir: string, args: string[], env: Record<string, string>) =>
  runCli(args, { cwd: dir, env, timeoutMs: 120_000 });

/** No lock, no journal: the run released and folded everything. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => /\.lock$|journal/.test(f));
}

describe("1. a short API key", () => {
  it("does not corrupt the answers: with the key 'k' the TaskId is recorded whole", async () => {
    gateway = await hostileGateway({ create: (_req, res) => created(res, TASK) });
    const { dir, lockfile } = await campaignDir(1);
    const result = await run(
      dir,
      ["apply", "launch.yaml", "--auto-approve"],
      cliEnv(gateway.url, { REELFORM_API_KEY: "k" }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect((await readLock(lockfile)).entries["clip-1"]).toMatchObject({ submission: "created", task_id: TASK });
  });

  it("does not corrupt a rejection's code: with the key 'a' the code stays InvalidParameter", async () => {
    gateway = await hostileGateway({
      create: (_req, res) =>
        json(res, {
          Response: { Error: { Code: "InvalidParameter", Message: "a parameter is invalid" }, RequestId: "r" },
        }),
    });
    const { dir, lockfile } = await campaignDir(1);
    const result = await run(
      dir,
      ["apply", "launch.yaml", "--auto-approve"],
      cliEnv(gateway.url, { REELFORM_API_KEY: "a" }),
    );
    expect(result.code).toBe(1);
    const entry = (await readLock(lockfile)).entries["clip-1"] as unknown as {
      submission: string;
      error: { code: string };
    };
    expect(entry).toMatchObject({ submission: "rejected", error: { code: "InvalidParameter" } });
  });
});

describe("2. a key that cannot be a header value", () => {
  for (const [what, key] of [
    ["a line feed", "sk-first\nsk-second-half"],
    ["a carriage return", "sk-abc\rdef"],
    ["a non-ASCII character", "sk-clé-secrète"],
  ] as const) {
    it(`with ${what} is refused before anything is sent, without echoing it, and nothing is in doubt`, async () => {
      gateway = await hostileGateway({ create: (_req, res) => created(res, TASK) });
      const { dir, lockfile } = await campaignDir(1);
      const result = await run(
        dir,
        ["apply", "launch.yaml", "--auto-approve"],
        cliEnv(gateway.url, { REELFORM_API_KEY: key }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/REELFORM_API_KEY contains .* cannot be sent in an HTTP header; nothing was sent/);
      for (const part of key.split(/[\r\n]/)) expect(result.stdout + result.stderr).not.toContain(part);
      expect(gateway.calls).toEqual([]);
      expect(existsSync(lockfile)).toBe(false);
    });
  }
});

describe("3. a gateway that echoes the key JSON-escaped", () => {
  it("gets the key into neither stdout nor the lockfile", async () => {
    const key = "sk-live/2026/0123456789abcdef";
    const escaped = key.replace(/\//g, "\\/");
    gateway = await hostileGateway({
      create: (_req, res) =>
        rawJson(
          res,
          `{"Response":{"Error":{"Code":"InvalidParameter","Message":"key ${escaped} is not allowed here"},"RequestId":"r"}}`,
        ),
    });
    const { dir, lockfile } = await campaignDir(1);
    const result = await run(
      dir,
      ["apply", "launch.yaml", "--auto-approve"],
      cliEnv(gateway.url, { REELFORM_API_KEY: key }),
    );
    expect(result.code).toBe(1);
    const written = `${result.stdout}${result.stderr}${await readFile(lockfile, "utf8")}`;
    expect(written).not.toContain(key);
    expect(written).not.toContain(escaped);
    expect(written).not.toContain("0123456789abcdef");
    expect(written).toContain("key [redacted] is not allowed here");
  });
});

describe("4. a base URL with credentials", () => {
  it("is refused naming REELFORM_BASE_URL, without showing them, before anything is sent", async () => {
    gateway = await hostileGateway({ create: (_req, res) => created(res, TASK) });
    const { dir, lockfile } = await campaignDir(1);
    const withCredentials = gateway.url.replace("http://", "http://user:hunter2secret@");
    const result = await run(dir, ["apply", "launch.yaml", "--auto-approve"], cliEnv(withCredentials));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("REELFORM_BASE_URL must not carry credentials");
    expect(result.stdout + result.stderr).not.toContain("hunter2secret");
    expect(gateway.calls).toEqual([]);
    expect(existsSync(lockfile)).toBe(false);
  });
});

describe("5. allow_env naming a secret", () => {
  it("REELFORM_API_KEY is never a template variable: a located error at the allow_env entry, nothing sent", async () => {
    gateway = await hostileGateway({ create: (_req, res) => created(res, TASK) });
    const { dir, lockfile } = await campaignDir(1, "allow_env: [REELFORM_API_KEY]");
    await writeFile(
      join(dir, "launch.yaml"),
      (await readFile(join(dir, "launch.yaml"), "utf8")).replace("on a wooden table", "{{env.REELFORM_API_KEY}}"),
    );
    const result = await run(dir, ["apply", "launch.yaml", "--auto-approve"], cliEnv(gateway.url));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "launch.yaml:3:13: error: allow_env lists REELFORM_API_KEY, one of reelform's own credentials: it is never visible to templates",
    );
    expect(gateway.calls).toEqual([]);
    expect(existsSync(lockfile)).toBe(false);
  });

  it("nor are the Tencent credentials, nor anything loaded with --dotenv", async () => {
    gateway = await hostileGateway({ create: (_req, res) => created(res, TASK) });
    const { dir } = await campaignDir(1, "allow_env: [TENCENTCLOUD_SECRET_KEY, CI_DEPLOY_TOKEN, HOME]");
    await writeFile(join(dir, ".env.reelform"), "CI_DEPLOY_TOKEN=ghp_pretend\n");
    const result = await run(
      dir,
      ["apply", "launch.yaml", "--auto-approve", "--dotenv", ".env.reelform"],
      cliEnv(gateway.url, { TENCENTCLOUD_SECRET_KEY: "tc-secret" }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "launch.yaml:3:13: error: allow_env lists TENCENTCLOUD_SECRET_KEY, one of reelform's own credentials",
    );
    expect(result.stderr).toContain(
      "launch.yaml:3:38: error: allow_env lists CI_DEPLOY_TOKEN, loaded from the --dotenv file",
    );
    expect(result.stderr).not.toContain("HOME,");
    expect(gateway.calls).toEqual([]);
  });
});

describe("7. strings from the API that would drive a terminal or forge log lines", () => {
  it("are shown escaped by apply (CI lines and annotations), status, plan and plan --markdown", async () => {
    const forged = "\\u001b[2J\\n::error::forged by the gateway\\u001b]0;pwned\\u0007\\r\\u009b31m";
    gateway = await hostileGateway({
      create: (_req, res, nth) =>
        nth === 1
          ? rawJson(
              res,
              `{"Response":{"Error":{"Code":"InvalidParameter","Message":"${forged}"},"RequestId":"r\\n::add-mask::x"}}`,
            )
          : created(res, TASK),
      query: (_req, res) =>
        rawJson(
          res,
          `{"Response":{"Status":"FINISH","AigcVideoTask":{"TaskId":"${TASK}","Status":"FINISH","ErrCode":7,"ErrCodeExt":"ModelGenerateFailed\\n::set-output name=x::y","Message":"${forged}"}}}`,
        ),
    });
    const { dir } = await campaignDir(2);
    const env = cliEnv(gateway.url, { GITHUB_ACTIONS: "true" });
    const apply = await run(dir, ["apply", "launch.yaml", "--auto-approve", "--parallelism", "1"], env);
    const status = await run(dir, ["status", "launch.yaml"], env);
    const plan = await run(dir, ["plan", "launch.yaml"], env);
    const markdown = await run(dir, ["plan", "launch.yaml", "--markdown"], env);
    for (const [name, out] of Object.entries({ apply, status, plan, markdown })) {
      expect(`${out.stdout}${out.stderr}`, name).not.toMatch(UNSAFE_OUTPUT);
    }
    expect(apply.stdout).toContain("\\u001b[2J\\n::error::forged by the gateway\\u001b]0;pwned\\u0007\\r\\u009b31m");
    expect(status.stdout).toContain("ModelGenerateFailed\\n::set-output name=x::y: \\u001b[2J");
    expect(plan.stdout).toContain("rejected: InvalidParameter: \\u001b[2J\\n::error::forged by the gateway");
    expect(markdown.stdout).toContain("rejected: InvalidParameter: \\\\u001b\\[2J\\\\n::error::forged by the gateway");
  });

  it("a TaskId holding a newline or an escape is not recorded (the retry with the same session_id settles it)", async () => {
    gateway = await hostileGateway({
      create: (_req, res, nth) =>
        nth === 1
          ? rawJson(res, `{"Response":{"TaskId":"${TASK}\\n::error::x\\u001b[2J","RequestId":"r"}}`)
          : created(res, TASK),
    });
    const { dir, lockfile } = await campaignDir(1);
    const result = await run(dir, ["apply", "launch.yaml", "--auto-approve"], cliEnv(gateway.url));
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toMatch(UNSAFE_OUTPUT);
    expect(result.stdout).toContain(
      "MalformedResponse (HTTP 200 whose Response.TaskId holds characters other than letters, digits",
    );
    expect((await readLock(lockfile)).entries["clip-1"]).toMatchObject({ submission: "created", task_id: TASK });
  });
});

describe("8. an answer of endless size", () => {
  it("is cut at 1 MiB as it streams, retried with the same session_id, and the lock and journal are released", async () => {
    gateway = await hostileGateway({
      create: (_req, res, nth) => (nth === 1 ? endlessBody(res) : created(res, TASK)),
      query: (_req, res, nth) =>
        nth === 1 ? endlessBody(res) : json(res, finishedTask(TASK, "https://cdn.example/v.mp4")),
    });
    const { dir, lockfile } = await campaignDir(1);
    const apply = await run(dir, ["apply", "launch.yaml", "--auto-approve"], cliEnv(gateway.url));
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(
      /retry {5}clip-1 {2}attempt 1 got ResponseTooLarge \(POST \/tencent-vod\/v1\/aigc-video: HTTP 200 answer larger than 1 MiB; not read further\)/,
    );
    const sessions = gateway.calls
      .filter((c) => c.method === "POST")
      .map((c) => (JSON.parse(c.body) as { session_id: string }).session_id);
    expect(new Set(sessions).size).toBe(1);
    const status = await run(dir, ["status", "launch.yaml"], cliEnv(gateway.url));
    expect(status.code, status.stderr).toBe(0);
    expect((await readLock(lockfile)).entries["clip-1"]).toMatchObject({ task_id: TASK, task: { state: "succeeded" } });
    expect(await leftovers(dir)).toEqual([]);
  });

  it(
    "always too large: recorded in doubt with a clear code, exit 1, nothing left locked",
    { timeout: 180_000 },
    async () => {
      gateway = await hostileGateway({ create: (_req, res) => endlessBody(res) });
      const { dir, lockfile } = await campaignDir(1);
      const apply = await run(dir, ["apply", "launch.yaml", "--auto-approve"], cliEnv(gateway.url));
      expect(apply.code).toBe(1);
      expect(apply.stderr).not.toContain("internal error");
      expect((await readLock(lockfile)).entries["clip-1"]).toMatchObject({
        submission: "in_doubt",
        error: { code: "ResponseTooLarge" },
      });
      expect(await leftovers(dir)).toEqual([]);
    },
  );
});

describe("9. a 5 MB TaskId", () => {
  it("is not recorded: the lockfile stays small and status prints a few lines", async () => {
    const huge = `1500012345-AigcVideoTask-${"a".repeat(900_000)}t`;
    gateway = await hostileGateway({
      create: (_req, res, nth) =>
        nth === 1
          ? created(res, huge)
          : json(res, {
              Response: {
                Error: { Code: "InvalidParameterValue.SessionId", Message: "session id repeated" },
                RequestId: "r",
              },
            }),
    });
    const { dir, lockfile } = await campaignDir(1);
    const apply = await run(dir, ["apply", "launch.yaml", "--auto-approve"], cliEnv(gateway.url));
    expect(apply.stdout).toContain("HTTP 200 whose Response.TaskId is 900026 characters long (at most 128)");
    expect((await readLock(lockfile)).entries["clip-1"]).toMatchObject({ submission: "duplicate" });
    expect((await stat(lockfile)).size).toBeLessThan(10_000);
    const status = await run(dir, ["status", "launch.yaml"], cliEnv(gateway.url));
    expect(status.stdout.length + status.stderr.length).toBeLessThan(10_000);
  });
});
