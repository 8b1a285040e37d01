// Pull requests: plan each affected manifest and keep one sticky comment: the plan (--markdown), its
// warnings (also annotations in the job log), and the digest of what was reviewed, which a merge must match.
import { appendFileSync } from "node:fs";
import { affectedManifests } from "./manifests.mjs";
import { reviewedPlanOf } from "./reelform.mjs";
import { digestBlock } from "./digest.mjs";
import { annotation, markdownBlock, markdownCode } from "./text.mjs";

export const COMMENT_MARKER = "<!-- reelform-plan (updated in place by the reelform Action) -->";
const COMMENT_LIMIT = 65_000; // GitHub's limit is 65,535 characters

/** @returns {Promise<number>} the step's exit code: 1 when any plan failed (exit code other than 0 or 2), or warned with fail-on-warnings. */
export async function planPullRequest({
  cli,
  cliName,
  cwd,
  env,
  github,
  number,
  manifests,
  summaryFile,
  failOnWarnings,
  log,
}) {
  const selected = affectedManifests(manifests, await github.changedFiles(number));
  const results = [];
  for (const manifest of selected) results.push(await reviewedPlanOf(cli, manifest, { cwd, env, markdown: true }));
  const body = commentBody(results, cliName);
  if (summaryFile) appendFileSync(summaryFile, `${body}\n`);
  await postComment(github, number, body, results.length > 0, log);
  let code = 0;
  for (const r of results.filter((r) => r.outcome === "failed")) {
    log(`::error::${annotation(`reelform plan failed for ${r.manifest} (exit code ${r.code})`)}`);
    code = 1;
  }
  const warned = results.filter((r) => r.warnings.length > 0);
  if (failOnWarnings && warned.length > 0) {
    log(
      `::error::${annotation(`reelform plan warned (fail-on-warnings): ${warned.map((r) => `${r.manifest}: ${r.warnings.length}`).join(", ")}`)}`,
    );
    code = 1;
  }
  return code;
}

function commentBody(results, cliName) {
  const digests = results.filter((r) => r.digest).map((r) => r.digest);
  let body = `${COMMENT_MARKER}\n${digestBlock(digests)}\n`;
  if (results.length === 0) return `${body}### reelform plan\n\nNo manifest is affected by this pull request.\n`;
  for (const section of results.map(sectionFor)) {
    body +=
      body.length + section.length <= COMMENT_LIMIT - 2_000
        ? section
        : `\n_The plan of a further manifest is too long for this comment: see the job's summary._\n`;
  }
  const footer = `<sub>Planned with ${cliName}. On merge the Action applies only a plan with these digests; see docs/ci.md ("The drift guard").</sub>\n`;
  return `${body}${footer}`;
}

function sectionFor(result) {
  if (result.outcome === "failed") {
    const text = (result.errors || "(no output)").slice(0, 20_000);
    return `### reelform plan failed: ${markdownCode(result.manifest)} (exit code ${result.code})\n\n${markdownBlock(text)}\n\n`;
  }
  let section = `${result.markdown.trim()}\n\n`;
  if (result.warnings.length > 0) {
    const list = result.warnings.slice(0, 200).join("\n");
    const more =
      result.warnings.length > 200 ? `\n… and ${result.warnings.length - 200} more (see the job's annotations)` : "";
    section += `> [!WARNING]\n> **${result.warnings.length} warning(s)** in ${markdownCode(result.manifest)}: the API may refuse or change these requests. Read them before approving.\n\n`;
    section += `<details open><summary>Warnings (${result.warnings.length})</summary>\n\n${markdownBlock(list + more)}\n\n</details>\n\n`;
  }
  const d = result.digest;
  section += `Plan digest of ${markdownCode(result.manifest)}: ${markdownCode(d.digest)} (${d.entries.length} entries; review file ${markdownCode(d.review)}${d.cost ? `; estimated cost ${markdownCode(d.cost)}` : ""})\n\n`;
  return section;
}

/** A fork's pull request gets a read-only token: the plan is still in the log and the summary, so only warn. */
async function postComment(github, number, body, createIfMissing, log) {
  try {
    const result = await github.upsertComment(number, COMMENT_MARKER, body, { createIfMissing });
    if (result) log(`reelform: plan comment ${result.action} on pull request #${number}`);
  } catch (error) {
    log(`::warning::${annotation(`reelform could not post the plan comment: ${error.message}`)}`);
  }
}
