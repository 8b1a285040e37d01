// Pull requests: plan each affected manifest (--markdown --detailed-exitcode) and keep one sticky comment.
import { appendFileSync } from "node:fs";
import { affectedManifests } from "./manifests.mjs";
import { planOutcome, runReelform, withoutWorkflowCommands } from "./reelform.mjs";

export const COMMENT_MARKER = "<!-- reelform-plan (updated in place by the reelform Action) -->";
const COMMENT_LIMIT = 65_000; // GitHub's limit is 65,535 characters

/** @returns {Promise<number>} the step's exit code: 1 when any plan failed (exit code other than 0 or 2). */
export async function planPullRequest({ cli, cwd, env, github, number, manifests, summaryFile, log }) {
  const selected = affectedManifests(manifests, await github.changedFiles(number));
  const results = [];
  for (const manifest of selected) {
    const run = await runReelform(cli, ["plan", manifest, "--markdown", "--detailed-exitcode"], { cwd, env });
    results.push({ manifest, code: run.code, outcome: planOutcome(run.code), markdown: run.stdout, errors: withoutWorkflowCommands(run.stderr) });
  }
  const body = commentBody(results);
  if (summaryFile) appendFileSync(summaryFile, `${body}\n`);
  await postComment(github, number, body, results.length > 0, log);
  const failed = results.filter((r) => r.outcome === "failed");
  for (const r of failed) log(`::error::reelform plan failed for ${r.manifest} (exit code ${r.code})`);
  return failed.length > 0 ? 1 : 0;
}

function commentBody(results) {
  if (results.length === 0) return `${COMMENT_MARKER}\n### reelform plan\n\nNo manifest is affected by this pull request.\n`;
  let body = `${COMMENT_MARKER}\n`;
  for (const section of results.map(sectionFor)) {
    body += body.length + section.length <= COMMENT_LIMIT ? section : `\n_The plan of a further manifest is too long for this comment: see the job's summary._\n`;
  }
  return body;
}

function sectionFor(result) {
  if (result.outcome !== "failed") return `${result.markdown.trim()}\n\n`;
  const text = (result.errors || "(no output)").slice(0, 20_000).replace(/```/g, "`\u200b``");
  return `### reelform plan failed: \`${result.manifest}\` (exit code ${result.code})\n\n\`\`\`text\n${text}\n\`\`\`\n\n`;
}

/** A fork's pull request gets a read-only token: the plan is still in the log and the summary, so only warn. */
async function postComment(github, number, body, createIfMissing, log) {
  try {
    const result = await github.upsertComment(number, COMMENT_MARKER, body, { createIfMissing });
    if (result) log(`reelform: plan comment ${result.action} on pull request #${number}`);
  } catch (error) {
    log(`::warning::reelform could not post the plan comment: ${error.message}`);
  }
}
