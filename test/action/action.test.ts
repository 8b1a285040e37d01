// The GitHub Action's script (action/run.mjs) run locally as the Action runs it: against a git checkout, the
// built CLI, the simulator, and a local stub of the GitHub REST API (GITHUB_API_URL).
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cliEnv, e2eSimulators } from "../e2e/apply-helpers.js";
import { CLI, REPO } from "../helpers/exec.js";
import { startGithubStub, type GithubStub } from "./github-stub.js";

const RUN = join(REPO, "action", "run.mjs");
const MARKER = "<!-- reelform-plan";
const sims = e2eSimulators();

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, encoding: "utf8" });
}

/** A campaign repository with manifests/demo.yaml committed on main, and a bare remote to push to. */
function campaignRepo(): { dir: string; remote: string } {
  const root = mkdtempSync(join(tmpdir(), "reelform-action-"));
  const remote = join(root, "remote.git");
  const dir = join(root, "work");
  execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", remote]);
  mkdirSync(join(dir, "manifests"), { recursive: true });
  git(dir, "init", "--quiet", "-b", "main");
  copyFileSync(join(REPO, "manifests", "demo.yaml"), join(dir, "manifests", "demo.yaml"));
  writeFileSync(join(dir, "README.md"), "campaigns\n");
  git(dir, "add", ".");
  git(dir, "commit", "--quiet", "-m", "start");
  git(dir, "remote", "add", "origin", remote);
  git(dir, "push", "--quiet", "-u", "origin", "main");
  return { dir, remote };
}

function runAction(dir: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUN], { cwd: dir, env: { ...cliEnv("http://127.0.0.1:9"), GITHUB_WORKSPACE: dir, REELFORM_CLI: CLI, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function eventFile(dir: string, event: object): string {
  const path = join(dir, "..", "event.json");
  writeFileSync(path, JSON.stringify({ repository: { default_branch: "main" }, ...event }));
  return path;
}

describe("the Action on a pull request", () => {
  let stub: GithubStub;
  let repo: { dir: string; remote: string };
  let env: Record<string, string>;
  beforeEach(async () => {
    stub = await startGithubStub("acme/campaigns", 7);
    repo = campaignRepo();
    stub.changedFiles = ["manifests/demo.yaml"];
    env = { GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: eventFile(repo.dir, { pull_request: { number: 7 } }), GITHUB_API_URL: stub.url, GITHUB_REPOSITORY: "acme/campaigns", GITHUB_TOKEN: "ghs_test", GITHUB_REF: "refs/pull/7/merge" };
  });
  afterEach(() => stub.close());

  it("posts the plan as one comment, and updates that comment on the next push", async () => {
    const first = await runAction(repo.dir, env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(stub.comments).toHaveLength(1);
    expect(stub.comments[0]!.body).toContain(MARKER);
    expect(stub.comments[0]!.body).toContain("### reelform plan: `demo`");
    expect(stub.requests.every((r) => r.authorization === "Bearer ghs_test")).toBe(true);

    writeFileSync(join(repo.dir, "manifests", "demo.yaml"), readFileSync(join(repo.dir, "manifests", "demo.yaml"), "utf8").replace("steaming coffee mug", "ceramic tea cup"));
    const second = await runAction(repo.dir, env);
    expect(second.code).toBe(0);
    expect(stub.comments).toHaveLength(1);
    expect(stub.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(stub.requests.filter((r) => r.method === "PATCH")).toHaveLength(1);
    expect(stub.comments[0]!.body).toContain("ceramic tea cup");
  });

  it("plans only the manifests the pull request affects", async () => {
    copyFileSync(join(REPO, "manifests", "demo.yaml"), join(repo.dir, "manifests", "other.yaml"));
    git(repo.dir, "add", ".");
    stub.changedFiles = ["manifests/other.yaml"];
    const result = await runAction(repo.dir, env);
    expect(result.code).toBe(0);
    expect(stub.comments[0]!.body).toContain("`manifests/other.yaml`");
    expect(stub.comments[0]!.body).not.toContain("`manifests/demo.yaml`");
  });

  it("fails the job on an invalid manifest: the error is in the comment once, and an annotation in the log", async () => {
    writeFileSync(join(repo.dir, "manifests", "demo.yaml"), "version: 1\ncampain: demo\nvideos: []\n");
    const result = await runAction(repo.dir, env);
    expect(result.code).toBe(1);
    const body = stub.comments[0]!.body;
    expect(body).toContain("reelform plan failed: `manifests/demo.yaml` (exit code 1)");
    expect(body.match(/unknown field "campain"|campain/g)?.length).toBeGreaterThan(0);
    expect(body).not.toContain("::error");
    const lines = body.split("\n").filter((l) => l.includes("campain"));
    expect(new Set(lines).size).toBe(lines.length);
    expect(result.stderr).toMatch(/^::error file=manifests\/demo\.yaml,line=2/m);
  });

  it("treats any exit code but 0 and 2 as a failure (a CLI that cannot run: 126)", async () => {
    const broken = join(repo.dir, "..", "broken-cli.mjs");
    writeFileSync(broken, "process.stderr.write('sh: reelform: Permission denied\\n'); process.exit(126);\n");
    const result = await runAction(repo.dir, { ...env, REELFORM_CLI: broken });
    expect(result.code).toBe(1);
    expect(stub.comments[0]!.body).toContain("(exit code 126)");
    expect(result.stdout).toContain("::error::reelform plan failed for manifests/demo.yaml (exit code 126)");
  });

  it("never lets a pull request's manifest read the Action's credentials into the comment", async () => {
    const secret = "sk-live-DO-NOT-LEAK-42";
    const manifest = join(repo.dir, "manifests", "demo.yaml");
    const original = readFileSync(manifest, "utf8");
    // The runner's token is not in the plan step's environment at all.
    writeFileSync(manifest, original.replace("campaign: demo", "campaign: demo\nallow_env: [GITHUB_TOKEN]").replace("{{brand}} {{shot}}", "{{env.GITHUB_TOKEN}} {{shot}}"));
    const result = await runAction(repo.dir, { ...env, REELFORM_API_KEY: secret });
    expect(result.code).toBe(1);
    const body = stub.comments[0]!.body;
    expect(body).toMatch(/environment variable GITHUB_TOKEN \(allowed in allow_env\) is not set/);
    expect(body).not.toContain("ghs_test");
    // reelform's own key is refused in allow_env by reelform itself, whatever the environment holds.
    writeFileSync(manifest, original.replace("campaign: demo", "campaign: demo\nallow_env: [REELFORM_API_KEY]").replace("{{brand}} {{shot}}", "{{env.REELFORM_API_KEY}} {{shot}}"));
    const again = await runAction(repo.dir, { ...env, REELFORM_API_KEY: secret });
    expect(again.code).toBe(1);
    const second = stub.comments.at(-1)!.body;
    expect(second).toMatch(/allow_env lists REELFORM_API_KEY, one of reelform's own credentials/);
    expect(second).not.toContain(secret);
  });

  it("only warns when the token may not comment (a fork's pull request)", async () => {
    stub.failWrites = 403;
    const result = await runAction(repo.dir, env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/::warning::reelform could not post the plan comment: .*HTTP 403/);
  });
});

describe("the Action on the default branch", () => {
  it("applies with --auto-approve --wait and commits the lockfile back", async () => {
    const sim = await sims.start({ taskDurationMs: 300 });
    const repo = campaignRepo();
    const env = { ...cliEnv(sim.url), GITHUB_EVENT_NAME: "push", GITHUB_REF: "refs/heads/main", GITHUB_EVENT_PATH: eventFile(repo.dir, {}) };
    const result = await runAction(repo.dir, env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const log = git(repo.remote, "log", "-1", "--format=%s%n%b", "--name-only", "main");
    expect(log).toContain("reelform: record the tasks submitted for manifests/demo.yaml [skip ci]");
    expect(log).toContain("manifests/demo.lock.json");
    const lock = JSON.parse(git(repo.remote, "show", "main:manifests/demo.lock.json")) as { entries: Record<string, { task?: { state: string } }> };
    expect(Object.values(lock.entries).map((e) => e.task?.state)).toEqual(Array(6).fill("succeeded"));

    const again = await runAction(repo.dir, env);
    expect(again.code).toBe(0);
    expect(git(repo.remote, "rev-list", "--count", "main").trim()).toBe("2");
    expect(sim.state().tasks).toHaveLength(6);
  }, 120_000);
});
