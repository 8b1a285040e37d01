// The default branch: recompute each manifest's plan, check it against the digest the pull request's comment
// carries (the drift guard), apply exactly the saved plans (`apply <plan> --auto-approve --wait`), write the
// review page of what was applied, and commit the updated lockfiles back, also after a failed or interrupted
// apply (the lockfile then records what was sent). Lockfiles merge with reelform's own driver.
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { digestDifference, readDigestBlock } from "./digest.mjs";
import { applyEnvironment, planEnvironment } from "./inputs.mjs";
import { lockfileOf } from "./manifests.mjs";
import { COMMENT_MARKER } from "./plan.mjs";
import { reviewedPlanOf, runReelform } from "./reelform.mjs";
import { annotation, logText, markdownBlock, markdownCode } from "./text.mjs";

const BOT = [
  "-c",
  "user.name=github-actions[bot]",
  "-c",
  "user.email=41898282+github-actions[bot]@users.noreply.github.com",
];
export const DRIFT_MARKER = "<!-- reelform-drift (written by the reelform Action) -->";

/** @returns {Promise<number>} 0 when every plan and apply succeeded, else 1. */
export async function applyDefaultBranch(options) {
  const { cli, cwd, env, manifests, timeout, push, log, summaryFile, failOnWarnings } = options;
  const git = gitIn(cwd);
  configureMergeDriver(git, cli);
  if (push) syncWithBranch(git, log);
  const work = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), "reelform-"));
  const pending = [];
  let failures = 0;
  for (const [i, manifest] of manifests.entries()) {
    // No credential before the plan has been checked: a plan needs none.
    const plan = await reviewedPlanOf(cli, manifest, {
      cwd,
      env: planEnvironment(env),
      out: join(work, `plan-${i + 1}.json`),
    });
    if (plan.outcome === "failed") {
      failures++;
      log(`::error::${annotation(`reelform plan failed for ${manifest} (exit code ${plan.code})`)}`);
    } else if (plan.outcome === "changes") pending.push({ ...plan, saved: join(work, `plan-${i + 1}.json`) });
  }
  if (pending.length === 0) return failures > 0 ? 1 : 0;
  const warned = pending.filter((p) => p.warnings.length > 0);
  if (failOnWarnings && warned.length > 0) {
    log(
      `::error::${annotation(`reelform: nothing applied: the plan warned and fail-on-warnings is set (${warned.map((p) => `${p.manifest}: ${p.warnings.length}`).join(", ")})`)}`,
    );
    return 1;
  }
  if (!(await reviewedOrConfirmed(options, pending))) return 1;

  const reviewRoot = join(work, "review");
  const applied = [];
  for (const plan of pending) {
    const videos = options.pullVideos ? join(reviewRoot, "videos") : join(work, "not-pulled");
    const pullArgs = options.pullVideos ? ["--pull", videos] : [];
    const apply = await runReelform(
      cli,
      ["apply", "--auto-approve", "--wait", "--timeout", timeout, ...pullArgs, "--", plan.saved],
      { cwd, env: applyEnvironment(env), echoStdout: true },
    );
    applied.push({ manifest: plan.manifest, videos });
    if (apply.code !== 0) {
      failures++;
      log(
        `::error::${annotation(`reelform apply failed for ${plan.manifest} (exit code ${apply.code}); what was submitted is recorded in ${lockfileOf(plan.manifest)}`)}`,
      );
    }
  }
  commitLockfiles(
    git,
    cwd,
    applied.map((a) => a.manifest),
    { push, log },
  );
  await reviewPages({ ...options, applied, reviewRoot });
  if (summaryFile)
    appendFileSync(
      summaryFile,
      `### reelform apply\n\nApplied ${applied.map((a) => markdownCode(a.manifest)).join(", ")}${failures > 0 ? " (with failures: see the log)" : ""}.\n\n`,
    );
  return failures > 0 ? 1 : 0;
}

/**
 * The drift guard: the plans now must be the plans the merged pull request's comment carries. On a difference
 * nothing is applied; the difference goes to the log, the job summary and the pull request.
 * `confirm-drift: true` (a manual run) applies the plans as they are now.
 */
async function reviewedOrConfirmed({ env, github, log, summaryFile, confirmDrift, driftGuard }, pending) {
  if (confirmDrift) {
    log(
      `::warning::${annotation(`reelform: confirm-drift is set: applying the plans as they are now (${pending.map((p) => `${p.manifest} ${p.digest.digest}`).join(", ")}), without comparing them with a reviewed plan`)}`,
    );
    return true;
  }
  if (!driftGuard) return true;
  const { pull, reviewed, why } = await reviewedDigests(github, env.GITHUB_SHA);
  const differences = pending
    .map((p) => ({
      manifest: p.manifest,
      digest: p.digest.digest,
      lines: reviewed
        ? digestDifference(
            reviewed.find((d) => d.manifest === p.manifest),
            p.digest,
          )
        : [why],
    }))
    .filter((d) => d.lines.length > 0);
  if (differences.length === 0) {
    log(`reelform: the plans match the digests reviewed on pull request #${pull.number}: applying`);
    return true;
  }
  const where = pull ? `the plan reviewed on pull request #${pull.number}` : "a reviewed plan";
  for (const d of differences) {
    log(
      `::error::${annotation(`reelform: nothing applied: the plan of ${d.manifest} differs from ${where} (${d.lines.length} difference(s): ${d.lines.slice(0, 3).join("; ")}${d.lines.length > 3 ? "; …" : ""})`)}`,
    );
    for (const line of d.lines) log(`  ${logText(line)}`);
  }
  log(
    `reelform: to apply the plans as they are now, re-run this workflow by hand (workflow_dispatch) with confirm-drift: true, or open a pull request to review them`,
  );
  const body = driftBody(differences, where, env);
  if (summaryFile) appendFileSync(summaryFile, `${body}\n`);
  if (pull) {
    await github.upsertComment(pull.number, DRIFT_MARKER, body).then(
      () => log(`reelform: the difference is commented on pull request #${pull.number}`),
      (error) =>
        log(
          `::warning::${annotation(`reelform could not comment the difference on pull request #${pull.number}: ${error.message}`)}`,
        ),
    );
  }
  return false;
}

async function reviewedDigests(github, sha) {
  if (!github || !sha)
    return {
      pull: null,
      reviewed: null,
      why: "no reviewed plan: the Action has no GitHub API access or commit to look one up",
    };
  try {
    const pull = await github.mergedPullRequestOf(sha);
    if (!pull)
      return {
        pull: null,
        reviewed: null,
        why: `no reviewed plan: commit ${sha.slice(0, 12)} is not the merge of a pull request`,
      };
    const comment = await github.latestComment(pull.number, COMMENT_MARKER);
    const reviewed = comment && readDigestBlock(comment.body, COMMENT_MARKER);
    if (!reviewed)
      return {
        pull,
        reviewed: null,
        why: `no reviewed plan: pull request #${pull.number} has no plan comment by the Action with a digest`,
      };
    return { pull, reviewed, why: "" };
  } catch (error) {
    return { pull: null, reviewed: null, why: `no reviewed plan: looking it up failed: ${error.message}` };
  }
}

function driftBody(differences, where, env) {
  const run =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? ` ([the run](${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}))`
      : "";
  let body = `${DRIFT_MARKER}\n### reelform did not apply: the plan changed since it was reviewed\n\nOn the default branch the plan now differs from ${where}${run}. Nothing was submitted.\n\n`;
  for (const d of differences)
    body += `#### ${markdownCode(d.manifest)} (now ${markdownCode(d.digest)})\n\n${markdownBlock(d.lines.slice(0, 500).join("\n"))}\n\n`;
  body +=
    "To apply the plan as it is now, a person re-runs the workflow by hand (Actions → reelform → Run workflow) with **confirm-drift** checked; or open a pull request so the new plan is reviewed.\n";
  return body;
}

/** The review page of each applied manifest, for actions/upload-artifact (its folder goes to the step's outputs). */
async function reviewPages({ cli, cwd, env, applied, reviewRoot, log, outputFile }) {
  mkdirSync(reviewRoot, { recursive: true });
  let written = 0;
  for (const [i, { manifest, videos }] of applied.entries()) {
    const out = join(reviewRoot, String(i + 1));
    const page = await runReelform(cli, ["review", "--dir", videos, "--out", out, "--", manifest], {
      cwd,
      env: planEnvironment(env),
    });
    if (page.code === 0) written++;
    else
      log(
        `::warning::${annotation(`reelform: the review page of ${manifest} could not be written (exit code ${page.code})`)}`,
      );
  }
  if (written > 0 && outputFile) appendFileSync(outputFile, `review-dir=${reviewRoot}\n`);
}

const gitIn =
  (cwd) =>
  (...args) =>
    execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Lockfiles merge with reelform's driver, run from this very CLI (never fetched from a registry). */
export function configureMergeDriver(git, cli) {
  const quote = (s) => `'${s.replace(/'/g, "'\\''")}'`;
  git("config", "merge.reelform.name", "reelform lockfile merge");
  git("config", "merge.reelform.driver", `${quote(process.execPath)} ${quote(cli)} merge-driver %O %A %B %P`);
  // The repository's .gitattributes normally names the driver; make sure lockfiles use it in this clone.
  if (git("check-attr", "merge", "--", "x.lock.json").trim().endsWith(": reelform")) return;
  const attributes = git("rev-parse", "--git-path", "info/attributes").trim();
  const path = attributes.startsWith("/") ? attributes : join(git("rev-parse", "--show-toplevel").trim(), attributes);
  mkdirSync(join(path, ".."), { recursive: true });
  appendFileSync(path, "*.lock.json merge=reelform\n");
}

/**
 * A run checks out the commit that was pushed; an earlier run may have committed lockfiles since. When the
 * branch moved on by lockfiles only (those runs' commits), move up to its tip (a fast-forward) so the plan
 * counts what they submitted: a task is never submitted twice. When it moved on by anything else, plan what
 * was pushed: the run of the newer commit applies that, and the push below rebases onto it.
 */
function syncWithBranch(git, log) {
  let branch, tip;
  try {
    branch = git("symbolic-ref", "--short", "-q", "HEAD").trim();
    git("fetch", "--quiet", "origin", branch);
    tip = git("rev-parse", "FETCH_HEAD").trim();
    if (git("rev-parse", "HEAD").trim() === tip) return;
    git("merge-base", "--is-ancestor", "HEAD", "FETCH_HEAD");
  } catch {
    return; // detached, no remote, or local commits: plan what is checked out (the push rebases if needed)
  }
  const moved = git("diff", "--name-only", "-z", "HEAD", "FETCH_HEAD").split("\0").filter(Boolean);
  if (moved.some((file) => !/\.lock\.json$/i.test(file))) {
    log(
      `reelform: ${logText(branch)} has moved on since this commit (${tip.slice(0, 12)}, not only lockfiles): planning the commit that was pushed`,
    );
    return;
  }
  git("merge", "--ff-only", "--quiet", "FETCH_HEAD");
  log(
    `reelform: moved up to the tip of ${logText(branch)} (${tip.slice(0, 12)}: lockfiles committed since this commit) before planning`,
  );
}

function commitLockfiles(git, cwd, manifests, { push, log }) {
  const lockfiles = manifests.map(lockfileOf).filter((file) => existsSync(join(cwd, file)));
  if (lockfiles.length === 0) return;
  git("add", "--", ...lockfiles);
  if (git("diff", "--cached", "--name-only").trim() === "") return;
  const names = manifests.map(logText).join(", ");
  git(
    ...BOT,
    "commit",
    "--quiet",
    "-m",
    `reelform: record the tasks submitted for ${names} [skip ci]`,
    "-m",
    "Lockfiles updated by `reelform apply --auto-approve --wait` (the reelform GitHub Action).",
  );
  log(`reelform: committed ${lockfiles.map(logText).join(", ")}`);
  if (push) pushWithRetry(git, log);
}

/** Another push may land meanwhile: rebase onto it (lockfiles merge with reelform's driver) and try again. */
function pushWithRetry(git, log) {
  for (let attempt = 1; ; attempt++) {
    try {
      git("push", "--quiet");
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      log(`reelform: push rejected, rebasing (attempt ${attempt})`);
      git(...BOT, "pull", "--rebase", "--quiet");
    }
  }
}
