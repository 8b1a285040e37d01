// The GitHub Action's script (action/run.mjs) run locally as the Action runs it: against a git checkout, the
// built CLI, the simulator, and a local stub of the GitHub REST API (GITHUB_API_URL). See action-harness.ts.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { e2eSimulators } from "../e2e/apply-helpers.js";
import { CLI, REPO } from "../helpers/exec.js";
import { campaignRepo, git, MARKER, pullRequestEnv, runAction, runnerEnv, type Repo } from "./action-harness.js";
import { startGithubStub, type GithubStub } from "./github-stub.js";

e2eSimulators();

describe("the Action on a pull request", () => {
  let stub: GithubStub;
  let repo: Repo;
  let env: Record<string, string>;
  beforeEach(async () => {
    stub = await startGithubStub("acme/campaigns", 7);
    repo = campaignRepo();
    stub.changedFiles = ["manifests/demo.yaml"];
    env = pullRequestEnv(repo.dir, stub, 7);
  });
  afterEach(() => stub.close());

  it("posts the plan as one comment, and updates that comment on the next push", async () => {
    const first = await runAction(repo.dir, env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(stub.comments).toHaveLength(1);
    expect(stub.comments[0]!.body).toContain(MARKER);
    expect(stub.comments[0]!.body).toContain("### reelform plan: `demo`");
    expect(stub.requests.filter((r) => r.path !== "/user").every((r) => r.authorization === "Bearer ghs_test")).toBe(
      true,
    );

    writeFileSync(
      join(repo.dir, "manifests", "demo.yaml"),
      readFileSync(join(repo.dir, "manifests", "demo.yaml"), "utf8").replace("steaming coffee mug", "ceramic tea cup"),
    );
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
    expect(result.stderr.match(/^::error file=manifests\/demo\.yaml,line=2/gm)).toHaveLength(1);
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
    writeFileSync(
      manifest,
      original
        .replace("campaign: demo", "campaign: demo\nallow_env: [GITHUB_TOKEN]")
        .replace("{{brand}} {{shot}}", "{{env.GITHUB_TOKEN}} {{shot}}"),
    );
    const result = await runAction(repo.dir, env, { "api-key": secret });
    expect(result.code).toBe(1);
    const body = stub.comments[0]!.body;
    expect(body).toMatch(/environment variable GITHUB_TOKEN \(allowed in allow_env\) is not set/);
    expect(body).not.toContain("ghs_test");
    // reelform's own key is refused in allow_env by reelform itself, whatever the environment holds.
    writeFileSync(
      manifest,
      original
        .replace("campaign: demo", "campaign: demo\nallow_env: [REELFORM_API_KEY]")
        .replace("{{brand}} {{shot}}", "{{env.REELFORM_API_KEY}} {{shot}}"),
    );
    const again = await runAction(repo.dir, { ...env, REELFORM_API_KEY: secret }, { "api-key": secret });
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

  it("never updates a comment someone else wrote with the marker: it writes its own", async () => {
    const forged = stub.addForeignComment(
      7,
      `${MARKER} (updated in place by the reelform Action) -->\nlooks like a plan`,
    );
    const result = await runAction(repo.dir, env);
    expect(result.code, result.stdout).toBe(0);
    expect(stub.requests.filter((r) => r.method === "PATCH")).toHaveLength(0);
    expect(forged.body).toContain("looks like a plan");
    expect(stub.comments).toHaveLength(2);
    expect(stub.comments[1]!.user.login).toBe("github-actions[bot]");
    // and the next run updates its own comment, still not the forged one
    await runAction(repo.dir, env);
    expect(stub.requests.filter((r) => r.method === "PATCH").map((r) => r.path)).toEqual([
      `/repos/acme/campaigns/issues/comments/${stub.comments[1]!.id}`,
    ]);
  });

  it("shows warnings as annotations and in a section of the comment; fail-on-warnings fails the job", async () => {
    const manifest = join(repo.dir, "manifests", "demo.yaml");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace("version: q2", "version: Q2"));
    const lenient = await runAction(repo.dir, env);
    expect(lenient.code, lenient.stdout + lenient.stderr).toBe(0);
    expect(
      lenient.stderr.match(
        /^::warning file=manifests\/demo\.yaml,line=27,col=\d+::\[demo-mug-vidu\] Vidu has no version "Q2"/gm,
      ),
    ).toHaveLength(1);
    const body = stub.comments[0]!.body;
    expect(body).toContain("> [!WARNING]\n> **1 warning(s)** in `manifests/demo.yaml`");
    expect(body).toMatch(
      /<details open><summary>Warnings \(1\)<\/summary>\n\n```text\nmanifests\/demo\.yaml:27:\d+: \[demo-mug-vidu\] Vidu has no version "Q2"[^\n]*did you mean "q2"\?\)\n```\n\n<\/details>/,
    );

    const strict = await runAction(repo.dir, env, { "fail-on-warnings": "true" });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("::error::reelform plan warned (fail-on-warnings): manifests/demo.yaml: 1");
  });

  it("carries the plan's digest (marks, keys, request hashes, review file) and names the reelform it ran", async () => {
    const result = await runAction(repo.dir, env);
    expect(result.code).toBe(0);
    const body = stub.comments[0]!.body;
    const lines = body.split("\n");
    expect(lines[0]).toBe("<!-- reelform-plan (updated in place by the reelform Action) -->");
    expect(lines[1]).toMatch(/^<!-- reelform-reviewed-plan v1 [A-Za-z0-9+/=]+ -->$/);
    expect(body).toMatch(
      /Plan digest of `manifests\/demo\.yaml`: `sha256:[0-9a-f]{64}` \(6 entries; review file `absent`\)/,
    );
    expect(body).toMatch(/Planned with reelform \d+\.\d+\.\d+\S* \(the Action's own: pin reelform in devDependencies/);
    // A review file is part of what was reviewed.
    const digest = /Plan digest of `manifests\/demo\.yaml`: `(sha256:[0-9a-f]{64})`/.exec(body)![1];
    writeFileSync(join(repo.dir, "manifests", "demo.review.yaml"), "format_version: 1\ncampaign: demo\nverdicts: {}\n");
    await runAction(repo.dir, env);
    const after = stub.comments[0]!.body;
    expect(after).toMatch(/review file `sha256:[0-9a-f]{64}`/);
    expect(after).not.toContain(digest);
  });
});

describe("the reelform the Action runs", () => {
  let stub: GithubStub;
  afterEach(() => stub.close());

  /** node_modules/reelform as `npm ci` installs a pinned version: here a wrapper of the built CLI that says 9.9.9-pinned. */
  function installPinned(dir: string): void {
    const root = join(dir, "node_modules", "reelform");
    mkdirSync(join(root, "dist"), { recursive: true });
    writeFileSync(
      join(root, "package.json"),
      JSON.stringify({ name: "reelform", version: "9.9.9-pinned", type: "module" }),
    );
    writeFileSync(
      join(root, "dist", "cli.js"),
      `if (process.argv[2] === "--version") console.log("9.9.9-pinned");\nelse await import(${JSON.stringify(pathToFileURL(CLI).href)});\n`,
    );
  }

  it("runs the version package.json pins, from the repository's own install, and names it in the comment", async () => {
    stub = await startGithubStub("acme/campaigns", 5);
    const repo = campaignRepo();
    writeFileSync(join(repo.dir, "package.json"), JSON.stringify({ devDependencies: { reelform: "^9.9.0" } }));
    stub.changedFiles = ["manifests/demo.yaml"];
    const env = { ...pullRequestEnv(repo.dir, stub, 5), REELFORM_CLI: "", GITHUB_ACTION_PATH: REPO };
    // action.yml's install step asks action/pinned.mjs whether to install the repository's dependencies.
    const pinned = spawnSync(process.execPath, [join(REPO, "action", "pinned.mjs")], {
      cwd: repo.dir,
      env: runnerEnv({ GITHUB_WORKSPACE: repo.dir }),
      encoding: "utf8",
    });
    expect(pinned.status).toBe(0);
    expect(pinned.stdout).toContain('package.json pins reelform "^9.9.0"');

    const missing = await runAction(repo.dir, env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      '::error::reelform Action: package.json pins reelform "^9.9.0", but node_modules/reelform/dist/cli.js is not installed',
    );

    installPinned(repo.dir);
    const result = await runAction(repo.dir, env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("with reelform 9.9.9-pinned (pinned in package.json: ^9.9.0)");
    expect(stub.comments[0]!.body).toContain("Planned with reelform 9.9.9-pinned (pinned in package.json: ^9.9.0)");
  });

  it("runs its own reelform when package.json does not pin one, and says so", async () => {
    stub = await startGithubStub("acme/campaigns", 5);
    const repo = campaignRepo();
    writeFileSync(join(repo.dir, "package.json"), JSON.stringify({ devDependencies: { other: "1.0.0" } }));
    const pinned = spawnSync(process.execPath, [join(REPO, "action", "pinned.mjs")], {
      cwd: repo.dir,
      env: runnerEnv({ GITHUB_WORKSPACE: repo.dir }),
      encoding: "utf8",
    });
    expect(pinned.status).toBe(1);
    stub.changedFiles = ["manifests/demo.yaml"];
    const result = await runAction(repo.dir, {
      ...pullRequestEnv(repo.dir, stub, 5),
      REELFORM_CLI: "",
      GITHUB_ACTION_PATH: REPO,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
    expect(stub.comments[0]!.body).toContain(
      `Planned with reelform ${version} (the Action's own: pin reelform in devDependencies to plan with your version)`,
    );
  });
});

describe("the Action and hostile file names", () => {
  let stub: GithubStub;
  afterEach(() => stub.close());

  it("keeps names out of workflow commands and mentions, and never reads a tracked `--help.yaml` as an option", async () => {
    stub = await startGithubStub("acme/campaigns", 9);
    const demo = readFileSync(join(REPO, "manifests", "demo.yaml"), "utf8");
    const names = [
      "manifests/x\n::error::forged by a file name.yaml",
      "manifests/a`@octocat`.yaml",
      "manifests/--help.yaml",
      "manifests/--out=x.yaml",
      "manifests/b```\n@hubot ```.yaml",
    ];
    const repo = campaignRepo(
      Object.fromEntries(names.map((n, i) => [n, i === 1 ? "version: 1\ncampain: x\nvideos: []\n" : demo])),
    );
    stub.changedFiles = names;
    const result = await runAction(repo.dir, pullRequestEnv(repo.dir, stub, 9));
    expect(result.code, result.stdout + result.stderr).toBe(1); // the invalid one
    expect(result.stdout + result.stderr).not.toMatch(/^\s*::error::forged/m);
    expect(result.stdout).toContain("manifests/x\\n::error::forged by a file name.yaml");
    const body = stub.comments[0]!.body;
    // Every @octocat sits inside a code span or block: never a live mention.
    const outsideCode = body.replace(/(`+)[\s\S]*?\1/g, "");
    expect(outsideCode).not.toContain("@octocat");
    expect(outsideCode).not.toContain("@hubot");
    expect(body).toContain("reelform plan failed: ``manifests/a`@octocat`.yaml`` (exit code 1)");
    // The files named like options were planned as files.
    expect(body.match(/### reelform plan: `demo`/g)).toHaveLength(4);
    expect(body).not.toMatch(/unknown option|Usage: reelform/);
  });
});
