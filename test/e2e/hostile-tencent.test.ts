// Issue 22, items 4, 5 and 10: a Tencent endpoint reelform does not control, on 127.0.0.1. It redirects the
// create elsewhere, echoes the credentials in every field, or answers without end. The SDK path must refuse
// the redirect, redact every echo, and stop reading at the 1 MiB cap, as the gateway path does.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";
import { created, endlessBody, finishedTask, hostileGateway, json } from "../helpers/hostile-gateway.js";
import { tencentEnv } from "../tencent/helpers.js";
import { campaignDir, cliEnv } from "./apply-helpers.js";

const SECRET_ID = "AKIDhostileSecretId0000000000000000";
const SECRET_KEY = "hostileSecretKey0000000000000000";
const TOKEN = "hostileSessionToken-0123456789abcdef";
const TASK = "1500012345-AigcVideoTask-00ff00ff00fft";

interface Seen {
  action: string;
  headers: IncomingMessage["headers"];
  body: string;
}
type Answer = (action: string, res: ServerResponse, nth: number) => void;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function tencentEndpoint(answer: Answer): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const action = String(req.headers["x-tc-action"] ?? "");
      seen.push({ action, headers: req.headers, body });
      counts.set(action, (counts.get(action) ?? 0) + 1);
      answer(action, res, counts.get(action) ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function env(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return tencentEnv(url, {
    TENCENTCLOUD_SECRET_ID: SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
    TENCENTCLOUD_SESSION_TOKEN: TOKEN,
    ...extra,
  });
}

function expectNoSecret(text: string): void {
  for (const secret of [SECRET_ID, SECRET_KEY, TOKEN, encodeURIComponent(TOKEN)]) expect(text).not.toContain(secret);
}

describe("4. a redirect from the Tencent endpoint", () => {
  it(
    "is refused, naming REELFORM_TENCENT_ENDPOINT: nothing reaches the other host, no TaskId of it is recorded",
    { timeout: 60_000 },
    async () => {
      const other = await tencentEndpoint((_action, res) =>
        json(res, { Response: { TaskId: "1-AigcVideoTask-evilt", RequestId: "r" } }),
      );
      const redirecting = await tencentEndpoint((_action, res) =>
        res.writeHead(307, { location: `${other.url}/` }).end(),
      );
      const c = await campaignDir(1);
      const result = await runCli(["apply", "launch.yaml", "--auto-approve"], {
        cwd: c.dir,
        env: env(redirecting.url),
      });
      expect(result.code).not.toBe(0);
      expect(other.seen).toEqual([]);
      expect(result.stdout + result.stderr).toMatch(
        /HTTP 307: a redirect to http:\/\/127\.0\.0\.1:\d+\/, which reelform never follows for API calls: check REELFORM_TENCENT_ENDPOINT/,
      );
      const lock = await readFile(c.lockfile, "utf8").catch(() => "");
      expect(lock).not.toContain("evil");
      expect(result.stderr).not.toMatch(/internal error|    at /);
    },
  );
});

describe("5. Tencent answers that echo the credentials", () => {
  it(
    "an error Code and RequestId carrying the SecretId are redacted in the lockfile and the output",
    { timeout: 60_000 },
    async () => {
      const endpoint = await tencentEndpoint((_action, res) =>
        json(res, {
          Response: {
            Error: { Code: `InvalidParameter.${SECRET_ID}`, Message: `bad ${SECRET_ID} ${encodeURIComponent(TOKEN)}` },
            RequestId: `req-${SECRET_ID}`,
          },
        }),
      );
      const c = await campaignDir(1);
      const result = await runCli(["apply", "launch.yaml", "--auto-approve"], { cwd: c.dir, env: env(endpoint.url) });
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain("[redacted]");
      expectNoSecret(result.stdout + result.stderr);
      expectNoSecret(await readFile(c.lockfile, "utf8"));
    },
  );

  it(
    "a DescribeTaskDetail ErrCodeExt, Message, output URL and MediaName carrying them are redacted, and status prints none",
    { timeout: 60_000 },
    async () => {
      const endpoint = await tencentEndpoint((action, res) => {
        if (action === "CreateAigcVideoTask") return json(res, { Response: { TaskId: TASK, RequestId: "r-1" } });
        json(res, {
          Response: {
            TaskType: "AigcVideoTask",
            Status: "FINISH",
            RequestId: `q-${SECRET_ID}`,
            AigcVideoTask: {
              TaskId: TASK,
              Status: "FINISH",
              Progress: 100,
              ErrCode: 70000,
              ErrCodeExt: `Auth.${SECRET_ID}`,
              Message: `token ${TOKEN} and ${JSON.stringify(SECRET_KEY)}`,
              Output: {
                FileInfos: [
                  {
                    FileUrl: `http://127.0.0.1:1/v.mp4?key=${encodeURIComponent(TOKEN)}`,
                    FileType: "mp4",
                    MediaName: `name-${SECRET_ID}`,
                  },
                ],
              },
            },
          },
        });
      });
      const c = await campaignDir(1);
      const e = env(endpoint.url);
      expect((await runCli(["apply", "launch.yaml", "--auto-approve"], { cwd: c.dir, env: e })).code).toBe(0);
      const status = await runCli(["status", "launch.yaml"], { cwd: c.dir, env: e });
      const show = await runCli(["show", "launch.yaml", "clip-1"], { cwd: c.dir, env: e });
      expectNoSecret(status.stdout + status.stderr + show.stdout + show.stderr);
      const lock = await readFile(c.lockfile, "utf8");
      expectNoSecret(lock);
      expect(lock).toContain("Auth.[redacted]");
    },
  );
});

describe("10. a Tencent answer without end", () => {
  it(
    "stops at the 1 MiB cap with bounded memory: recorded as ResponseTooLarge, in doubt",
    { timeout: 120_000 },
    async () => {
      const endpoint = await tencentEndpoint((_action, res) => endlessBody(res));
      const c = await campaignDir(1);
      const result = await runCli(["apply", "launch.yaml", "--auto-approve"], {
        cwd: c.dir,
        env: env(endpoint.url, { NODE_OPTIONS: "--max-old-space-size=96", REELFORM_MAX_ATTEMPTS: "2" }),
        timeoutMs: 100_000,
      });
      expect(result.signal).toBeNull();
      expect(result.stdout + result.stderr).toContain("larger than 1 MiB");
      expect(result.stderr).not.toMatch(/heap out of memory|Cannot create a string/);
      const lock = JSON.parse(await readFile(c.lockfile, "utf8")) as {
        entries: Record<string, { submission: string; error?: { code: string } }>;
      };
      expect(lock.entries["clip-1"]).toMatchObject({ submission: "in_doubt", error: { code: "ResponseTooLarge" } });
    },
  );
});

describe("6. output URLs and media names that hold the gateway's key", () => {
  it(
    "are recorded redacted even for a short key (docs/security.md), and status prints no key",
    { timeout: 60_000 },
    async () => {
      const key = "k9Zq";
      const gateway = await hostileGateway({
        create: (_req, res) => created(res, TASK),
        query: (_req, res) => {
          const answer = finishedTask(TASK, `http://127.0.0.1:1/v.mp4?token=${key}`) as {
            Response: { AigcVideoTask: { Output: { FileInfos: Record<string, unknown>[] } } };
          };
          answer.Response.AigcVideoTask.Output.FileInfos[0]!.MediaName = `clip ${key}`;
          json(res, answer);
        },
      });
      closers.push(gateway.close);
      const c = await campaignDir(1);
      const e = { ...cliEnv(gateway.url), REELFORM_API_KEY: key };
      expect((await runCli(["apply", "launch.yaml", "--auto-approve"], { cwd: c.dir, env: e })).code).toBe(0);
      const status = await runCli(["status", "launch.yaml"], { cwd: c.dir, env: e });
      const lock = await readFile(c.lockfile, "utf8");
      expect(lock).toContain("token=[redacted]");
      expect(lock).toContain("clip [redacted]");
      expect(lock + status.stdout + status.stderr).not.toContain(key);
    },
  );
});
