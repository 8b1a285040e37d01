#!/usr/bin/env node
// Puts the link to the uploaded review page (ARTIFACT_URL, from actions/upload-artifact) into the job summary.
import { appendFileSync } from "node:fs";

const url = process.env.ARTIFACT_URL ?? "";
if (!/^https:\/\/[^\s()<>]+$/.test(url)) {
  process.stdout.write(`reelform: no review page link (artifact URL ${JSON.stringify(url)})\n`);
} else {
  const line = `\n**[Review page of what was applied](${url})** — download the artifact, open \`index.html\`; record verdicts with \`reelform review --import\`.\n`;
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, line);
  process.stdout.write(`reelform: review page: ${url}\n`);
}
