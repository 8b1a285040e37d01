// Human plan: one line per change (what changed under each ~), unchanged grouped into a count unless
// verbose, summary line last. Colour only when asked (the command decides: TTY, NO_COLOR, --no-color).
import { entryChanges, showValue, TEXT_FIELDS, type BodyChange } from "./changes.js";
import { describeCost, describeMarkCounts, describeSeconds, entryNote } from "./describe.js";
import { MARK_SYMBOL, type Mark, type Plan, type PlanEntry } from "./types.js";
import { safeLines, safeText } from "../util/safe-text.js";
import { append } from "../util/arrays.js";

const COLOR: Record<Mark, string> = {
  create: "32",
  replace: "33",
  unchanged: "2",
  orphan: "31",
  in_doubt: "35",
  failed: "31",
  moved: "36",
};

type Paint = (code: string, text: string) => string;

/** Human plan: one line per change, unchanged grouped into a count unless verbose; summary last. */
export function renderPlanText(plan: Plan, options: { color: boolean; verbose?: boolean }): string {
  const paint: Paint = options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  const lines = [
    `reelform plan: campaign "${safeText(plan.campaign)}" (${safeText(plan.manifest)} against ${safeText(plan.lockfile)})`,
    "",
  ];
  // An unchanged entry with a reason (kept: approved in review) is worth its own line.
  const unchanged = plan.entries.filter((e) => e.mark === "unchanged" && e.reason === undefined);
  for (const entry of plan.entries) {
    if (entry.mark !== "unchanged" || entry.reason !== undefined || options.verbose)
      append(lines, entryLines(entry, paint, plan.campaign));
  }
  if (unchanged.length > 0 && !options.verbose)
    lines.push(`  ${paint(COLOR.unchanged, `= ${unchanged.length} unchanged`)} (--verbose lists them)`);
  if (plan.entries.every((e) => e.action === "none"))
    lines.push(
      plan.entries.length > 0
        ? "Nothing to do: the lockfile matches the manifest."
        : "Nothing to do: no requests selected.",
    );
  lines.push("", summaryLine(plan));
  return `${lines.join("\n")}\n`;
}

function entryLines(entry: PlanEntry, paint: Paint, campaign: string): string[] {
  const note = entryNote(entry);
  const head = `  ${paint(COLOR[entry.mark], MARK_SYMBOL[entry.mark])} ${safeText(entry.key)}${note ? `  ${paint("2", safeText(note))}` : ""}`;
  return [head, ...entryChanges(entry, campaign).flatMap((c) => changeLines(c, paint))];
}

function changeLines(change: BodyChange, paint: Paint): string[] {
  if (TEXT_FIELDS.has(change.path) && (typeof change.old === "string" || typeof change.new === "string")) {
    return [
      `      ${safeText(change.path)}:`,
      ...(change.old === undefined ? [] : textLines("-", String(change.old), "31", paint)),
      ...(change.new === undefined ? [] : textLines("+", String(change.new), "32", paint)),
    ];
  }
  return [
    `      ${safeText(change.path)}: ${paint("31", safeText(showValue(change.old)))} -> ${paint("32", safeText(showValue(change.new)))}`,
  ];
}

/** Prompt text as written, continuation lines indented under the first. */
function textLines(sign: string, text: string, code: string, paint: Paint): string[] {
  return safeLines(text).map((line, i) => paint(code, `        ${i === 0 ? sign : " "} ${line}`));
}

function summaryLine(plan: Plan): string {
  const cost = describeCost(plan.summary);
  return safeText(
    `Plan: ${describeMarkCounts(plan.summary)}; ${describeSeconds(plan.summary)}${cost ? `; ${cost}` : ""}.`,
  );
}
