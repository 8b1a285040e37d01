// Plan as a pull-request comment: summary table first, details folded per mark, and the whole comment
// kept under GitHub's 65,535-character limit (entries that do not fit are counted in a closing note).
import { entryChanges, showValue, TEXT_FIELDS, type BodyChange } from "./changes.js";
import { describeCost, describeSeconds, entryNote, formatSeconds, MARK_NAME, MARK_ORDER } from "./describe.js";
import { modelLabel } from "../expand/price-rules.js";
import { MARK_SYMBOL, type Mark, type Plan, type PlanEntry } from "./types.js";
import { safeLines, safeMarkdown, safeText } from "../util/safe-text.js";
import { maxOf } from "../util/arrays.js";

export const COMMENT_LIMIT = 65_535;
/** Room kept for the truncation note and the closing tags. */
const RESERVE = 1_000;
/** A prompt longer than this is cut in the comment (the full text is in the manifest). */
const MAX_TEXT = 2_000;

export function renderPlanMarkdown(plan: Plan, options: { limit?: number } = {}): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  let out = header(plan);
  let omitted = 0;
  for (const mark of MARK_ORDER) {
    // Unchanged entries are left out, except those kept on purpose (approved in review).
    const entries = plan.entries.filter((e) => e.mark === mark && (mark !== "unchanged" || e.reason !== undefined));
    if (entries.length === 0) continue;
    const title = mark === "unchanged" ? "kept" : MARK_NAME[mark];
    const open = `<details><summary><code>${MARK_SYMBOL[mark]}</code> ${title}: ${entries.length}</summary>\n\n`;
    const close = "\n</details>\n\n";
    if (omitted > 0 || out.length + open.length + close.length + RESERVE > limit) {
      omitted += entries.length;
      continue;
    }
    out += open;
    for (const entry of entries) {
      const chunk = entryMarkdown(entry, plan.campaign);
      if (omitted > 0 || out.length + chunk.length + close.length + RESERVE > limit) omitted += 1;
      else out += chunk;
    }
    out += close;
  }
  if (omitted > 0) out += truncationNote(plan, omitted, limit);
  return out;
}

function header(plan: Plan): string {
  const rows = MARK_ORDER.filter((m: Mark) => plan.summary.counts[m] > 0).map(
    (m) => `| \`${MARK_SYMBOL[m]}\` | ${MARK_NAME[m]} | ${plan.summary.counts[m]} |`,
  );
  const table =
    rows.length > 0 ? ["| | change | requests |", "|:-:|---|--:|", ...rows].join("\n") : "_No requests in this plan._";
  const cost = describeCost(plan.summary);
  const warnings = (plan.warnings ?? []).map((w) => `> **Warning:** ${safeMarkdown(w)}\n`).join("");
  return [
    `### reelform plan: ${code(plan.campaign)}\n`,
    `${code(plan.manifest)} against ${code(plan.lockfile)}\n`,
    `${table}\n`,
    `**Video:** ${safeMarkdown(describeSeconds(plan.summary))}${cost ? `  \n**Cost:** ${safeMarkdown(cost)}` : ""}\n`,
    warnings,
  ].join("\n");
}

function entryMarkdown(entry: PlanEntry, campaign: string): string {
  const note = entryNote(entry);
  const what = entry.body ? ` — ${safeMarkdown(modelLabel(entry.body))}, ${formatSeconds(entry.seconds)}` : "";
  const line = `- ${code(entry.key)}${what}${note ? `: ${safeMarkdown(note)}` : ""}\n`;
  const changes = entryChanges(entry, campaign);
  if (changes.length === 0) return `${line}${promptLine(entry)}`;
  const diff = changes.flatMap(changeLines).join("\n");
  const fence = "`".repeat(Math.max(3, longestBacktickRun(diff) + 1));
  return `${line}\n${indent(`${fence}diff\n${diff}\n${fence}`)}\n`;
}

/** Reviewers see which prompt will be generated (or dropped), not only its key. */
function promptLine(entry: PlanEntry): string {
  const prompt = (entry.body ?? entry.recorded?.body)?.prompt;
  return typeof prompt === "string" && prompt !== "" ? `  ${code(cut(prompt).replace(/\s*\n\s*/g, " "))}\n` : "";
}

function changeLines(change: BodyChange): string[] {
  const text = TEXT_FIELDS.has(change.path);
  const show = (v: BodyChange["old"]) =>
    text && typeof v === "string" ? safeLines(cut(v)).join("\n  ") : safeText(showValue(v));
  return [
    ...(change.old === undefined ? [] : [`- ${safeText(change.path)}: ${show(change.old)}`]),
    ...(change.new === undefined ? [] : [`+ ${safeText(change.path)}: ${show(change.new)}`]),
  ];
}

function truncationNote(plan: Plan, omitted: number, limit: number): string {
  return (
    `> **Note:** ${omitted} more ${omitted === 1 ? "entry is" : "entries are"} not shown: the whole plan does not fit in one comment ` +
    `(limit ${limit.toLocaleString("en-US")} characters). Run \`reelform plan ${plan.manifest}\` or see the CI log for all of it.\n`
  );
}

function code(raw: string): string {
  const text = safeText(raw);
  const ticks = "`".repeat(longestBacktickRun(text) + 1);
  return ticks.length > 1 ? `${ticks} ${text} ${ticks}` : `\`${text}\``;
}

function longestBacktickRun(text: string): number {
  return maxOf(text.match(/`+/g) ?? [], (run) => run.length) ?? 0;
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT} more characters)` : text;
}

function indent(block: string): string {
  return block.replace(/^/gm, "  ");
}
