#!/usr/bin/env node
// Entry point of the reelform GitHub Action (action.yml): plan on pull requests, apply on the default branch.
// Everything it needs comes from the environment GitHub sets, so it runs the same locally (see the tests).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { applyDefaultBranch } from "./apply.mjs";
import { githubClient } from "./github.mjs";
import { matchingManifests } from "./manifests.mjs";
import { planPullRequest } from "./plan.mjs";

/** auto: plan for pull requests, apply for a push to the default branch, plan (no comment) otherwise. */
export function decideMode(input, eventName, ref, event) {
  if (input === "plan" || input === "apply") return input;
  if (input && input !== "auto") throw new Error(`mode must be auto, plan or apply, got "${input}"`);
  if (eventName === "pull_request" || eventName === "pull_request_target") return "plan";
  const defaultBranch = event.repository?.default_branch;
  return defaultBranch && ref === `refs/heads/${defaultBranch}` ? "apply" : "none";
}

/**
 * A pull request's manifest is not reviewed yet: it could list a secret in `allow_env` and print it in a prompt
 * of the plan comment. Plans need no key, so the CLI never sees the Action's credentials on pull requests.
 */
export function withoutSecrets(env) {
  const SECRET = /^(REELFORM_API_KEY|GITHUB_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|INPUT_.*)$/;
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET.test(name)));
}

async function main(env) {
  const event = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) : {};
  const mode = decideMode(env.INPUT_MODE, env.GITHUB_EVENT_NAME, env.GITHUB_REF, event);
  const cwd = env.GITHUB_WORKSPACE || process.cwd();
  const manifests = matchingManifests(cwd, env.INPUT_MANIFESTS || "manifests/*.yaml");
  const log = (line) => process.stdout.write(`${line}\n`);
  const common = { cli: env.REELFORM_CLI, cwd, env: { ...env, GITHUB_ACTIONS: "true" }, manifests, log };
  log(`reelform: ${mode} (${env.GITHUB_EVENT_NAME}); manifests: ${manifests.join(", ") || "none"}`);
  if (mode === "plan") {
    const number = event.pull_request?.number ?? event.number;
    if (!number) throw new Error("mode plan needs a pull_request event (no pull request number)");
    const github = githubClient({ apiUrl: env.GITHUB_API_URL || "https://api.github.com", token: env.GITHUB_TOKEN ?? "", repository: env.GITHUB_REPOSITORY });
    return planPullRequest({ ...common, env: withoutSecrets(common.env), github, number, summaryFile: env.GITHUB_STEP_SUMMARY });
  }
  if (mode === "apply") return applyDefaultBranch({ ...common, timeout: env.INPUT_WAIT_TIMEOUT || "30m", push: env.INPUT_PUSH !== "false" });
  log("reelform: not a pull request nor a push to the default branch: nothing to do");
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.env).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stdout.write(`::error::reelform Action: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
