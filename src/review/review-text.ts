// The review file's text: one canonical, diff-friendly form. Keys sorted like the lockfile's, generations
// ascending, one field per line, every string JSON-quoted (valid YAML, and no key or note can change the
// structure), so a git diff shows exactly which verdict changed.
import { sortByCodePoints } from "../lockfile/json-text.js";
import { REVIEW_FORMAT_VERSION, type ReviewFile, type Verdict } from "./verdicts.js";

const FIELD_ORDER = ["verdict", "note", "by", "at", "task_id"] as const;

export function sortVerdicts(verdicts: Verdict[]): Verdict[] {
  const byGeneration = [...verdicts].sort((a, b) => a.generation - b.generation);
  return sortByCodePoints(byGeneration, (v) => v.key);
}

export function serializeReviewFile(file: ReviewFile, manifestName: string): string {
  const lines = [
    `# Review verdicts for ${manifestName} (reelform review). Keep it in git next to the manifest:`,
    "# `reelform plan` regenerates rejected videos and keeps approved ones.",
    `format_version: ${REVIEW_FORMAT_VERSION}`,
    `campaign: ${JSON.stringify(file.campaign)}`,
  ];
  const verdicts = sortVerdicts(file.verdicts);
  lines.push(verdicts.length === 0 ? "verdicts: {}" : "verdicts:");
  let lastKey: string | undefined;
  for (const v of verdicts) {
    if (v.key !== lastKey) lines.push(`  ${JSON.stringify(v.key)}:`);
    lastKey = v.key;
    lines.push(`    - generation: ${v.generation}`);
    for (const field of FIELD_ORDER) {
      const value = v[field];
      if (value !== undefined) lines.push(`      ${field}: ${JSON.stringify(value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
