#!/usr/bin/env node
// Entry point of the reelform GitHub Action (action.yml): plan on pull requests, apply on the default branch.
// Everything it needs comes from the environment GitHub sets, so it runs the same locally (see the tests).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { applyDefaultBranch } from "./apply.mjs";
import { chooseCli, cliVersion, describeCli } from "./cli.mjs";
import { githubClient } from "./github.mjs";
import { planEnvironment } from "./inputs.mjs";
import { matchingManifests } from "./manifests.mjs";
import { planPullRequest } from "./plan.mjs";
import { logText } from "./text.mjs";

/** auto: plan for pull requests, apply for a push to the default branch, plan (no comment) otherwise. */
export function decideMode(input, eventName, ref, event) {
  if (input === "plan" || input === "apply") return input;
  if (input && input !== "auto") throw new Error(`mode must be auto, plan or apply, got "${input}"`);
  if (eventName === "pull_request" || eventName === "pull_request_target") return "plan";
  const defaultBranch = event.repository?.default_branch;
  return defaultBranch && ref === `refs/heads/${defaultBranch}` ? "apply" : "none";
}

/** A true/false input (GitHub passes them as strings). */
export function booleanInput(name, value, fallback) {
  if (value === undefined || value === "") return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new Error(`input ${name} must be true or false, got "${value}"`);
}

/** For the tests and older callers: the CLI's environment on a pull request (no credential at all). */
export const withoutSecrets = planEnvironment;

async function main(env) {
  const event = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) : {};
  const mode = decideMode(env.INPUT_MODE, env.GITHUB_EVENT_NAME, env.GITHUB_REF, event);
  const cwd = env.GITHUB_WORKSPACE || process.cwd();
  const chosen = env.REELFORM_CLI
    ? { cli: env.REELFORM_CLI, version: cliVersion(env.REELFORM_CLI), source: "action", range: null }
    : chooseCli(cwd, env.GITHUB_ACTION_PATH || join(dirname(fileURLToPath(import.meta.url)), ".."));
  const cliName = describeCli(chosen);
  const manifests = matchingManifests(cwd, env.INPUT_MANIFESTS || "manifests/*.yaml");
  const log = (line) => process.stdout.write(`${line}\n`);
  const failOnWarnings = booleanInput("fail-on-warnings", env.INPUT_FAIL_ON_WARNINGS, false);
  const confirmDrift = booleanInput("confirm-drift", env.INPUT_CONFIRM_DRIFT, false);
  if (confirmDrift && env.GITHUB_EVENT_NAME !== "workflow_dispatch") {
    throw new Error(
      `confirm-drift: true is honoured only on a manual run (workflow_dispatch), not on ${env.GITHUB_EVENT_NAME || "this event"}: pass it as \${{ github.event_name == 'workflow_dispatch' && inputs.confirm-drift }}`,
    );
  }
  const github =
    env.GITHUB_API_URL || env.GITHUB_REPOSITORY
      ? githubClient({
          apiUrl: env.GITHUB_API_URL || "https://api.github.com",
          token: env.GITHUB_TOKEN ?? "",
          repository: env.GITHUB_REPOSITORY ?? "",
        })
      : null;
  const common = {
    cli: chosen.cli,
    cliName,
    cwd,
    env,
    manifests,
    log,
    failOnWarnings,
    summaryFile: env.GITHUB_STEP_SUMMARY,
  };
  log(
    `reelform: ${mode} (${logText(env.GITHUB_EVENT_NAME ?? "")}) with ${cliName}; manifests: ${manifests.map(logText).join(", ") || "none"}`,
  );
  if (mode === "plan") {
    const number = event.pull_request?.number ?? event.number;
    if (!number) throw new Error("mode plan needs a pull_request event (no pull request number)");
    return planPullRequest({ ...common, env: planEnvironment(env), github, number });
  }
  if (mode === "apply") {
    return applyDefaultBranch({
      ...common,
      github,
      confirmDrift,
      driftGuard: booleanInput("drift-guard", env.INPUT_DRIFT_GUARD, true),
      pullVideos: booleanInput("review-videos", env.INPUT_REVIEW_VIDEOS, false),
      outputFile: env.GITHUB_OUTPUT,
      timeout: env.INPUT_WAIT_TIMEOUT || "30m",
      push: booleanInput("push", env.INPUT_PUSH, true),
    });
  }
  log("reelform: not a pull request nor a push to the default branch: nothing to do");
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.env).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stdout.write(
        `::error::reelform Action: ${error.message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}\n`,
      );
      process.exitCode = 1;
    },
  );
}
