// Runs the Action's script (action/run.mjs) as action.yml runs it: the "Plan or apply" step's environment is
// built from action.yml itself (each `${{ inputs.x }}` resolved from the given inputs or their defaults), in a
// git checkout with a bare remote, against the built CLI, the simulator and a local GitHub API stub.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { CLI, REPO } from "../helpers/exec.js";

const RUN = join(REPO, "action", "run.mjs");
export const MARKER = "<!-- reelform-plan";

interface ActionMetadata {
  inputs: Record<string, { default?: string }>;
  runs: { steps: { id?: string; run?: string; env?: Record<string, string> }[] };
}

/** The environment action.yml gives `action/run.mjs` for these inputs (GITHUB_TOKEN from `github.token`). */
function stepEnv(inputs: Record<string, string>): Record<string, string> {
  const action = parse(readFileSync(join(REPO, "action.yml"), "utf8")) as ActionMetadata;
  for (const name of Object.keys(inputs))
    if (!(name in action.inputs)) throw new Error(`action.yml has no input ${name}`);
  const step = action.runs.steps.find((s) => s.id === "run" || s.run?.includes("action/run.mjs"))!;
  const value = (name: string): string =>
    inputs[name] ??
    (action.inputs[name]?.default === "${{ github.token }}" ? "ghs_test" : (action.inputs[name]?.default ?? ""));
  return Object.fromEntries(
    Object.entries(step.env ?? {}).map(([k, v]) => [
      k,
      v.replace(/\$\{\{ inputs\.([a-z-]+) \}\}/g, (_m, name: string) => value(name)),
    ]),
  );
}

/** The runner's environment: no reelform or GitHub settings of the machine running the tests. */
export function runnerEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(REELFORM_|TENCENTCLOUD_|GITHUB_|INPUT_)/.test(k)) env[k] = v;
  return { ...env, NO_COLOR: "1", CI: "1", ...extra };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd,
    encoding: "utf8",
  });
}

export interface Repo {
  root: string;
  dir: string;
  remote: string;
}

/** A campaign repository with `files` committed on `branch`, pushed to a bare remote. */
export function campaignRepo(files: Record<string, string> = {}, branch = "main"): Repo {
  const root = mkdtempSync(join(tmpdir(), "reelform-action-"));
  const remote = join(root, "remote.git");
  const dir = join(root, "work");
  execFileSync("git", ["init", "--quiet", "--bare", "-b", branch, remote]);
  mkdirSync(join(dir, "manifests"), { recursive: true });
  git(dir, "init", "--quiet", "-b", branch);
  if (Object.keys(files).length === 0)
    copyFileSync(join(REPO, "manifests", "demo.yaml"), join(dir, "manifests", "demo.yaml"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, "README.md"), "campaigns\n");
  git(dir, "add", ".");
  git(dir, "commit", "--quiet", "-m", "start");
  git(dir, "remote", "add", "origin", remote);
  git(dir, "push", "--quiet", "-u", "origin", branch);
  return { root, dir, remote };
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** GITHUB_STEP_SUMMARY and GITHUB_OUTPUT as the run left them. */
  summary: string;
  outputs: string;
}

let runs = 0;

/** Runs action/run.mjs in `dir` with the runner's environment, `env` (GITHUB_*) and the step's inputs. */
export function runAction(
  dir: string,
  env: Record<string, string>,
  inputs: Record<string, string> = {},
): Promise<ActionRun> {
  const n = ++runs;
  const summaryFile = join(dir, "..", `summary-${n}.md`);
  const outputFile = join(dir, "..", `output-${n}.txt`);
  writeFileSync(summaryFile, "");
  writeFileSync(outputFile, "");
  const full = {
    ...runnerEnv(),
    GITHUB_WORKSPACE: dir,
    REELFORM_CLI: CLI,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: join(dir, ".."),
    ...stepEnv(inputs),
    ...env,
  };
  for (const [k, v] of Object.entries(full)) if (v === "") delete full[k as keyof typeof full];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUN], { cwd: dir, env: full });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) =>
      resolve({
        code,
        stdout,
        stderr,
        summary: readFileSync(summaryFile, "utf8"),
        outputs: readFileSync(outputFile, "utf8"),
      }),
    );
  });
}

/** The event file of a run (the repository's default branch is `main` unless given). */
function eventFile(dir: string, event: object, defaultBranch = "main"): string {
  const path = join(dir, "..", `event-${++runs}.json`);
  writeFileSync(path, JSON.stringify({ repository: { default_branch: defaultBranch }, ...event }));
  return path;
}

/** The GitHub environment of a pull request's run (number `number`). */
export function pullRequestEnv(dir: string, stub: { url: string }, number: number): Record<string, string> {
  return {
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: eventFile(dir, { pull_request: { number } }),
    GITHUB_API_URL: stub.url,
    GITHUB_REPOSITORY: "acme/campaigns",
    GITHUB_REF: `refs/pull/${number}/merge`,
  };
}

/** The GitHub environment of a run on the default branch at the checked-out commit. */
export function branchEnv(
  dir: string,
  stub: { url: string } | null,
  eventName = "push",
  branch = "main",
): Record<string, string> {
  return {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventFile(dir, {}, branch),
    GITHUB_REF: `refs/heads/${branch}`,
    GITHUB_SHA: git(dir, "rev-parse", "HEAD").trim(),
    ...(stub ? { GITHUB_API_URL: stub.url, GITHUB_REPOSITORY: "acme/campaigns" } : {}),
  };
}
