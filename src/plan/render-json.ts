// The machine-readable plan (`plan --json`): a versioned document with a stable field order.
// Documented in docs/plans-and-lockfile.md ("JSON plan document"); add fields only, and bump format_version for anything else.
import { Ordered, prettyJson } from "../lockfile/json-text.js";
import { entryChanges } from "./changes.js";
import { MARK_ORDER } from "./describe.js";
import { hasPendingChanges } from "./summary.js";
import { MARK_SYMBOL, type Plan, type PlanEntry, type PlanSummary } from "./types.js";
import { safeJson } from "../util/safe-text.js";

export function renderPlanJson(plan: Plan): string {
  return [...planJsonChunks(plan)].join("");
}

/**
 * The same document, one entry at a time: a plan of a million requests is larger than the longest string
 * JavaScript can build, so `plan --json` writes these chunks as they come.
 */
export function* planJsonChunks(plan: Plan): Generator<string> {
  const head = safeJson(
    prettyJson(
      new Ordered([
        ["format_version", plan.format_version],
        ["campaign", plan.campaign],
        ["manifest", plan.manifest],
        ["lockfile", plan.lockfile],
        ["changes_pending", hasPendingChanges(plan.entries)],
        ["summary", summaryFields(plan.summary)],
        ["warnings", plan.warnings ?? []],
        ["entries", []],
      ]),
    ),
  );
  if (plan.entries.length === 0) {
    yield `${head}\n`;
    return;
  }
  yield `${head.slice(0, head.lastIndexOf("[]"))}[\n`;
  for (const [i, entry] of plan.entries.entries()) {
    yield `    ${safeJson(prettyJson(entryFields(entry, plan.campaign), "    "))}${i < plan.entries.length - 1 ? ",\n" : "\n"}`;
  }
  yield "  ]\n}\n";
}

function summaryFields(summary: PlanSummary): Ordered {
  return new Ordered([
    ["counts", new Ordered(MARK_ORDER.map((m) => [m, summary.counts[m]] as const))],
    ["seconds_by_model", new Ordered(Object.entries(summary.seconds_by_model))],
    [
      "estimated_cost",
      summary.estimated_cost &&
        new Ordered([
          ["total", summary.estimated_cost.total],
          ["currency", summary.estimated_cost.currency],
          ["unpriced", summary.estimated_cost.unpriced],
        ]),
    ],
    ["budget", summary.budget],
  ]);
}

function entryFields(entry: PlanEntry, campaign: string): Ordered {
  const changes = entryChanges(entry, campaign);
  return new Ordered([
    ["key", entry.key],
    ["mark", entry.mark],
    ["symbol", MARK_SYMBOL[entry.mark]],
    ["action", entry.action],
    ["generation", entry.generation],
    ["session_id", entry.session_id],
    ["old_hash", entry.old_hash],
    ["new_hash", entry.new_hash],
    ["seconds", entry.seconds],
    ["reason", entry.reason],
    ["moved_from", entry.moved_from],
    ["video", entry.video],
    [
      "origin",
      entry.origin &&
        new Ordered([
          ["file", entry.origin.file],
          ["line", entry.origin.line],
          ["col", entry.origin.col],
        ]),
    ],
    ["task_id", entry.recorded?.task_id],
    [
      "review",
      entry.review &&
        new Ordered([
          ["verdict", entry.review.verdict],
          ["generation", entry.review.generation],
          ["note", entry.review.note],
          ["by", entry.review.by],
          ["at", entry.review.at],
        ]),
    ],
    [
      "changes",
      changes.length > 0
        ? changes.map(
            (c) =>
              new Ordered([
                ["path", c.path],
                ["old", c.old],
                ["new", c.new],
              ]),
          )
        : undefined,
    ],
    ["body", entry.body],
  ]);
}
