// The Action on the default branch: the drift guard against the merged pull request's reviewed digest, the
// merge driver in the push retry, both providers against the simulator, the pinned reelform, the review page.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { e2eSimulators, API_KEY } from "../e2e/apply-helpers.js";
import { SIM_TENCENT_CREDENTIALS } from "../../src/simulator/options.js";
import { SIM_SUB_APP_ID } from "../../src/simulator/routes/create.js";
import { CLI, REPO } from "../helpers/exec.js";
import { branchEnv, campaignRepo, git, pullRequestEnv, runAction, runnerEnv, type Repo } from "./action-harness.js";
import { startGithubStub, type GithubStub } from "./github-stub.js";

const sims = e2eSimulators();

const SHOP = [
  "version: 1",
  "campaign: shop",
  "defaults:",
  "  model_name: Kling",
  '  model_version: "2.1"',
  "  output_config: { resolution: 720P, duration: 5 }",
  "videos:",
  "  - name: base-1",
  '    prompt: "the first base video, a shop window at dawn"',
  "  - name: base-2",
  '    prompt: "the second base video, a shop window at noon"',
  "  - name: base-3",
  '    prompt: "the third base video, a shop window at dusk"',
  "",
].join("\n");

type Lock = { entries: Record<string, { task_id?: string; task?: { state: string } }> };
const lockOf = (repo: Repo, path = "manifests/shop.lock.json"): Lock =>
  JSON.parse(git(repo.remote, "show", `main:${path}`)) as Lock;
const gateway = (url: string): Record<string, string> => ({ "api-key": API_KEY, "base-url": url });

/** A pull request: branch `name` off main with `edit` applied to shop.yaml, planned by the Action as PR `number`. */
async function openPullRequest(
  repo: Repo,
  stub: GithubStub,
  number: number,
  name: string,
  edit: (text: string) => string,
  manifest = "manifests/shop.yaml",
): Promise<void> {
  git(repo.dir, "checkout", "--quiet", "-b", name, "main");
  const path = join(repo.dir, manifest);
  writeFileSync(path, edit(readFileSync(path, "utf8")));
  git(repo.dir, "commit", "--quiet", "-am", `add a video (${name})`);
  stub.pull(number).files = [manifest];
  const plan = await runAction(repo.dir, pullRequestEnv(repo.dir, stub, number));
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  git(repo.dir, "checkout", "--quiet", "main");
}

/** Merges a pull request's branch into main, pushes, and runs the Action for that push. */
async function mergeAndRun(repo: Repo, stub: GithubStub, number: number, name: string, inputs: Record<string, string>) {
  git(repo.dir, "checkout", "--quiet", "main");
  git(repo.dir, "pull", "--quiet", "--ff-only");
  git(repo.dir, "merge", "--quiet", "--no-ff", "-m", `Merge pull request #${number}`, name);
  git(repo.dir, "push", "--quiet");
  const env = branchEnv(repo.dir, stub);
  stub.mergedAs(env.GITHUB_SHA!, number);
  return runAction(repo.dir, env, inputs);
}

describe("the Action on the default branch", () => {
  let stub: GithubStub;
  beforeEach(async () => {
    stub = await startGithubStub("acme/campaigns", 1);
  });
  afterEach(() => stub.close());

  it("applies a merged pull request whose plan matches the reviewed digest, commits the lockfile back, configures the merge driver", async () => {
    const sim = await sims.start({ taskDurationMs: 300 });
    const repo = campaignRepo();
    await openPullRequest(
      repo,
      stub,
      1,
      "tea",
      (t) => t.replace("steaming coffee mug", "ceramic tea cup"),
      "manifests/demo.yaml",
    );
    const result = await mergeAndRun(repo, stub, 1, "tea", gateway(sim.url));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("reelform: the plans match the digests reviewed on pull request #1: applying");
    const log = git(repo.remote, "log", "-1", "--format=%s%n%b", "--name-only", "main");
    expect(log).toContain("reelform: record the tasks submitted for manifests/demo.yaml [skip ci]");
    expect(log).toContain("manifests/demo.lock.json");
    const lock = lockOf(repo, "manifests/demo.lock.json");
    expect(Object.values(lock.entries).map((e) => e.task?.state)).toEqual(Array(6).fill("succeeded"));
    // The driver is this CLI, never npx; lockfiles use it in this clone.
    const driver = git(repo.dir, "config", "merge.reelform.driver").trim();
    expect(driver).toBe(`'${process.execPath}' '${CLI}' merge-driver %O %A %B %P`);
    expect(git(repo.dir, "check-attr", "merge", "--", "manifests/demo.lock.json").trim()).toBe(
      "manifests/demo.lock.json: merge: reelform",
    );

    // The review page of what was applied (the videos' URLs: review-videos is off), for actions/upload-artifact.
    const reviewDir = /^review-dir=(.+)$/m.exec(result.outputs)![1]!;
    const page = readFileSync(join(reviewDir, "1", "index.html"), "utf8");
    expect(page).toContain(`${sim.url}/__sim/files/`);
    expect(result.summary).toContain("### reelform apply\n\nApplied `manifests/demo.yaml`.");

    const again = await runAction(repo.dir, branchEnv(repo.dir, stub), gateway(sim.url));
    expect(again.code).toBe(0);
    expect(again.outputs).not.toContain("review-dir=");
    expect(git(repo.remote, "rev-list", "--count", "main").trim()).toBe("4");
    expect(sim.state().tasks).toHaveLength(6);

    // A later run that checks out the merge commit (before the lockfile commit: a re-run, or a run queued
    // behind this one) moves up to the lockfile and submits nothing again.
    const merge = git(repo.remote, "rev-parse", "main~1").trim();
    const late = join(repo.root, "late");
    git(repo.root, "clone", "--quiet", repo.remote, late);
    git(late, "reset", "--quiet", "--hard", merge);
    const rerun = await runAction(late, { ...branchEnv(late, stub), GITHUB_SHA: merge }, gateway(sim.url));
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(
      /reelform: moved up to the tip of main \([0-9a-f]{12}: lockfiles committed since this commit\) before planning/,
    );
    expect(sim.state().tasks).toHaveLength(6);
    expect(git(repo.remote, "rev-list", "--count", "main").trim()).toBe("4");
  }, 120_000);

  it("links the uploaded review page from the job summary (action.yml's last step)", () => {
    const action = parse(readFileSync(join(REPO, "action.yml"), "utf8")) as {
      runs: {
        steps: {
          id?: string;
          uses?: string;
          with?: Record<string, string>;
          run?: string;
          env?: Record<string, string>;
          if?: string;
        }[];
      };
    };
    const steps = action.runs.steps;
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload).toMatchObject({ id: "upload", with: { path: "${{ steps.run.outputs.review-dir }}" } });
    expect(upload.if).toContain("steps.run.outputs.review-dir != ''");
    const link = steps.at(-1)!;
    expect(link.env).toEqual({ ARTIFACT_URL: "${{ steps.upload.outputs.artifact-url }}" });
    const dir = campaignRepo().root;
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "before\n");
    const env = { ...runnerEnv(), GITHUB_ACTION_PATH: REPO, GITHUB_STEP_SUMMARY: summary };
    execFileSync("bash", ["-c", link.run!], {
      env: { ...env, ARTIFACT_URL: "https://github.com/acme/campaigns/actions/runs/1/artifacts/42" },
    });
    expect(readFileSync(summary, "utf8")).toContain(
      "**[Review page of what was applied](https://github.com/acme/campaigns/actions/runs/1/artifacts/42)**",
    );
    // Anything but a plain https URL is not linked.
    execFileSync("bash", ["-c", link.run!], { env: { ...env, ARTIFACT_URL: "javascript:alert(1)" } });
    expect(readFileSync(summary, "utf8").match(/Review page/g)).toHaveLength(1);
  });

  it("applies with the tencent provider from the Action's inputs: the credentials reach apply only, never a plan", async () => {
    const sim = await sims.start({ taskDurationMs: 200 });
    const repo = campaignRepo({ "manifests/shop.yaml": SHOP });
    const record = join(repo.root, "invocations.jsonl");
    const recorder = join(repo.root, "recording-cli.mjs");
    writeFileSync(
      recorder,
      [
        'import { appendFileSync } from "node:fs";',
        'const secrets = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN", "REELFORM_API_KEY", "GITHUB_TOKEN"].filter((k) => process.env[k]);',
        `appendFileSync(${JSON.stringify(record)}, JSON.stringify({ command: process.argv[2], secrets, provider: process.env.REELFORM_PROVIDER ?? null, subApp: process.env.TENCENTCLOUD_VOD_SUBAPP_ID ?? null }) + "\\n");`,
        `await import(${JSON.stringify(new URL(`file://${CLI}`).href)});`,
        "",
      ].join("\n"),
    );
    const tencent = {
      provider: "tencent",
      "tencent-secret-id": SIM_TENCENT_CREDENTIALS.secretId,
      "tencent-secret-key": SIM_TENCENT_CREDENTIALS.secretKey,
      "tencent-session-token": "session-token-for-apply-only",
      "tencent-region": "ap-guangzhou",
      "tencent-sub-app-id": SIM_SUB_APP_ID,
      "tencent-endpoint": sim.url,
      "review-videos": "true",
    };
    // The pull request's plan gets the inputs too (a workflow may pass them on every event): no secret reaches it.
    git(repo.dir, "checkout", "--quiet", "-b", "more", "main");
    appendFileSync(
      join(repo.dir, "manifests", "shop.yaml"),
      '  - name: added-t\n    prompt: "video t, a shop window with a cat"\n',
    );
    git(repo.dir, "commit", "--quiet", "-am", "add a video");
    stub.pull(21).files = ["manifests/shop.yaml"];
    const plan = await runAction(repo.dir, { ...pullRequestEnv(repo.dir, stub, 21), REELFORM_CLI: recorder }, tencent);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    git(repo.dir, "checkout", "--quiet", "main");
    git(repo.dir, "merge", "--quiet", "--no-ff", "-m", "Merge pull request #21", "more");
    git(repo.dir, "push", "--quiet");
    const env: Record<string, string> = { ...branchEnv(repo.dir, stub), REELFORM_CLI: recorder };
    stub.mergedAs(env.GITHUB_SHA!, 21);
    const result = await runAction(repo.dir, env, tencent);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const lock = lockOf(repo);
    expect(Object.keys(lock.entries).sort()).toEqual(["added-t", "base-1", "base-2", "base-3"]);
    for (const entry of Object.values(lock.entries))
      expect(entry.task_id).toMatch(new RegExp(`^${SIM_SUB_APP_ID}-AigcVideoTask-`));
    expect(sim.state().tasks).toHaveLength(4);
    const calls = readFileSync(record, "utf8")
      .trim()
      .split("\n")
      .map(
        (l) => JSON.parse(l) as { command: string; secrets: string[]; provider: string | null; subApp: string | null },
      );
    for (const call of calls.filter((c) => c.command !== "apply")) expect(call.secrets, call.command).toEqual([]);
    const applies = calls.filter((c) => c.command === "apply");
    expect(applies).toHaveLength(1);
    expect(applies[0]).toEqual({
      command: "apply",
      secrets: ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN"],
      provider: "tencent",
      subApp: SIM_SUB_APP_ID,
    });
    expect(calls.filter((c) => c.command === "plan").every((c) => c.provider === "tencent")).toBe(true);
    // review-videos: the page and the pulled videos, side by side in the artifact's folder.
    const reviewDir = /^review-dir=(.+)$/m.exec(result.outputs)![1]!;
    expect(existsSync(join(reviewDir, "1", "index.html"))).toBe(true);
    expect(existsSync(join(reviewDir, "videos", "shop", "added-t.mp4"))).toBe(true);
    // Nothing the Action wrote holds a secret.
    for (const text of [
      result.stdout,
      result.stderr,
      result.summary,
      git(repo.remote, "show", "main:manifests/shop.lock.json"),
    ]) {
      expect(text).not.toContain(SIM_TENCENT_CREDENTIALS.secretKey);
      expect(text).not.toContain("session-token-for-apply-only");
    }
  }, 180_000);

  it.each([
    ["a", "b"],
    ["b", "a"],
  ])(
    "merging two reviewed pull requests (%s first): the second is refused with the exact difference, until confirm-drift",
    async (first, second) => {
      const sim = await sims.start({ taskDurationMs: 200 });
      const repo = campaignRepo({ "manifests/shop.yaml": SHOP });
      // The base videos: applied by hand, confirming that no pull request reviewed them.
      const boot = await runAction(repo.dir, branchEnv(repo.dir, stub, "workflow_dispatch"), {
        ...gateway(sim.url),
        "confirm-drift": "true",
      });
      expect(boot.code, boot.stdout + boot.stderr).toBe(0);
      expect(boot.stdout).toMatch(
        /::warning::reelform: confirm-drift is set: applying the plans as they are now \(manifests\/shop\.yaml sha256:/,
      );
      const pulls = {
        a: {
          number: 11,
          edit: (t: string) =>
            t.replace("videos:\n", 'videos:\n  - name: added-a\n    prompt: "video a, a shop window in the rain"\n'),
        },
        b: {
          number: 12,
          edit: (t: string) => `${t}  - name: added-b\n    prompt: "video b, a shop window in the snow"\n`,
        },
      };
      for (const name of ["a", "b"] as const)
        await openPullRequest(repo, stub, pulls[name].number, name, pulls[name].edit);

      const one = pulls[first as "a" | "b"];
      const two = pulls[second as "a" | "b"];
      const applied = await mergeAndRun(repo, stub, one.number, first!, gateway(sim.url));
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(sim.state().tasks).toHaveLength(4);

      const refused = await mergeAndRun(repo, stub, two.number, second!, gateway(sim.url));
      expect(refused.code).toBe(1);
      expect(sim.state().tasks).toHaveLength(4); // nothing applied
      const difference = `+ "added-${first}": unchanged (not in the reviewed plan)`;
      expect(refused.stdout).toContain(
        `::error::reelform: nothing applied: the plan of manifests/shop.yaml differs from the plan reviewed on pull request #${two.number} (1 difference(s): ${difference})`,
      );
      expect(refused.stdout).toContain(`\n  ${difference}\n`);
      expect(refused.stdout).toContain("re-run this workflow by hand (workflow_dispatch) with confirm-drift: true");
      const comment = stub.pull(two.number).comments.find((c) => c.body.startsWith("<!-- reelform-drift"))!;
      expect(comment.body).toContain("### reelform did not apply: the plan changed since it was reviewed");
      expect(comment.body).toContain(`\`\`\`text\n${difference}\n\`\`\``);
      expect(refused.summary).toContain(difference);
      expect(lockOf(repo).entries[`added-${second}`]).toBeUndefined();

      // confirm-drift is for a person's manual run only.
      const onPush = await runAction(repo.dir, branchEnv(repo.dir, stub), {
        ...gateway(sim.url),
        "confirm-drift": "true",
      });
      expect(onPush.code).toBe(1);
      expect(onPush.stdout).toContain(
        "::error::reelform Action: confirm-drift: true is honoured only on a manual run (workflow_dispatch), not on push",
      );
      const confirmed = await runAction(repo.dir, branchEnv(repo.dir, stub, "workflow_dispatch"), {
        ...gateway(sim.url),
        "confirm-drift": "true",
      });
      expect(confirmed.code, confirmed.stdout + confirmed.stderr).toBe(0);
      expect(sim.state().tasks).toHaveLength(5);
      expect(Object.keys(lockOf(repo).entries).sort()).toEqual(["added-a", "added-b", "base-1", "base-2", "base-3"]);
    },
    180_000,
  );

  it("refuses a push that no pull request reviewed, and names why", async () => {
    const sim = await sims.start({ taskDurationMs: 200 });
    const repo = campaignRepo({ "manifests/shop.yaml": SHOP });
    const result = await runAction(repo.dir, branchEnv(repo.dir, stub), gateway(sim.url));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::reelform: nothing applied: the plan of manifests\/shop\.yaml differs from a reviewed plan \(1 difference\(s\): no reviewed plan: commit [0-9a-f]{12} is not the merge of a pull request\)/,
    );
    expect(sim.state().tasks).toHaveLength(0);
  }, 60_000);

  it("applies nothing on the default branch when a plan warns and fail-on-warnings is set", async () => {
    const sim = await sims.start({ taskDurationMs: 200 });
    const repo = campaignRepo({
      "manifests/shop.yaml": SHOP.replace(
        "  - name: base-3",
        "  - name: base-3\n    model_name: Vidu\n    model_version: Q2",
      ),
    });
    const result = await runAction(repo.dir, branchEnv(repo.dir, stub, "workflow_dispatch"), {
      ...gateway(sim.url),
      "confirm-drift": "true",
      "fail-on-warnings": "true",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^::warning file=manifests\/shop\.yaml,line=\d+,col=\d+::\[base-3\] Vidu has no version "Q2"/m,
    );
    expect(result.stdout).toContain(
      "::error::reelform: nothing applied: the plan warned and fail-on-warnings is set (manifests/shop.yaml: 1)",
    );
    expect(sim.state().tasks).toHaveLength(0);
  }, 60_000);

  it("pushes after a concurrent apply on adjacent keys: the rebase merges the lockfile with reelform's driver, both TaskIds land", async () => {
    const sim = await sims.start({ taskDurationMs: 200 });
    const repo = campaignRepo({ "manifests/shop.yaml": SHOP });
    const boot = await runAction(repo.dir, branchEnv(repo.dir, stub, "workflow_dispatch"), {
      ...gateway(sim.url),
      "confirm-drift": "true",
    });
    expect(boot.code, boot.stdout + boot.stderr).toBe(0);
    // Two runners, each with its own commit on top of main (adjacent keys: added-a and added-b).
    const other = join(repo.root, "other");
    git(repo.root, "clone", "--quiet", repo.remote, other);
    const add = (dir: string, key: string, top: boolean): void => {
      const path = join(dir, "manifests", "shop.yaml");
      const video = `  - name: ${key}\n    prompt: "video ${key}, a shop window"\n`;
      const text = readFileSync(path, "utf8");
      writeFileSync(path, top ? text.replace("videos:\n", `videos:\n${video}`) : `${text}${video}`);
      git(dir, "commit", "--quiet", "-am", `add ${key}`);
    };
    add(repo.dir, "added-a", true);
    add(other, "added-b", false);
    const inputs = { ...gateway(sim.url), "drift-guard": "false" };
    const [a, b] = await Promise.all([
      runAction(repo.dir, branchEnv(repo.dir, null), inputs),
      runAction(other, branchEnv(other, null), inputs),
    ]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    // Exactly one push was rejected and rebased; the driver merged the lockfiles.
    expect([a, b].filter((r) => r.stdout.includes("reelform: push rejected, rebasing (attempt 1)"))).toHaveLength(1);
    const lock = lockOf(repo);
    expect(Object.keys(lock.entries).sort()).toEqual(["added-a", "added-b", "base-1", "base-2", "base-3"]);
    // Every task the simulator created is recorded, each once.
    const recorded = Object.values(lock.entries)
      .map((e) => e.task_id)
      .sort();
    expect(recorded).toEqual(
      sim
        .state()
        .tasks.map((t) => t.task_id)
        .sort(),
    );
    expect(git(repo.remote, "show", "main:manifests/shop.lock.json")).not.toMatch(/^(<<<<<<<|>>>>>>>)/m);
  }, 120_000);
});
