// The default branch: for each manifest with changes pending, apply --auto-approve --wait; then commit the
// updated lockfiles back, also after a failed or interrupted apply (the lockfile then records what was sent).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { lockfileOf } from "./manifests.mjs";
import { planOutcome, runReelform } from "./reelform.mjs";

const BOT = ["-c", "user.name=github-actions[bot]", "-c", "user.email=41898282+github-actions[bot]@users.noreply.github.com"];

/** @returns {Promise<number>} 0 when every plan and apply succeeded, else 1. */
export async function applyDefaultBranch({ cli, cwd, env, manifests, timeout, push, log }) {
  const applied = [];
  let failures = 0;
  for (const manifest of manifests) {
    const plan = await runReelform(cli, ["plan", manifest, "--detailed-exitcode"], { cwd, env, echoStdout: true });
    const outcome = planOutcome(plan.code);
    if (outcome === "no-changes") continue;
    if (outcome === "failed") {
      failures++;
      log(`::error::reelform plan failed for ${manifest} (exit code ${plan.code})`);
      continue;
    }
    const apply = await runReelform(cli, ["apply", manifest, "--auto-approve", "--wait", "--timeout", timeout], { cwd, env, echoStdout: true });
    applied.push(manifest);
    if (apply.code !== 0) {
      failures++;
      log(`::error::reelform apply failed for ${manifest} (exit code ${apply.code}); what was submitted is recorded in ${lockfileOf(manifest)}`);
    }
  }
  commitLockfiles(cwd, applied, { push, log });
  return failures > 0 ? 1 : 0;
}

function commitLockfiles(cwd, manifests, { push, log }) {
  const git = (...args) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const lockfiles = manifests.map(lockfileOf).filter((file) => existsSync(join(cwd, file)));
  if (lockfiles.length === 0) return;
  git("add", "--", ...lockfiles);
  if (git("diff", "--cached", "--name-only").trim() === "") return;
  git(...BOT, "commit", "--quiet", "-m", `reelform: record the tasks submitted for ${manifests.join(", ")} [skip ci]`, "-m", "Lockfiles updated by `reelform apply --auto-approve --wait` (the reelform GitHub Action).");
  log(`reelform: committed ${lockfiles.join(", ")}`);
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
