// Words shared by the text and markdown renderers.
import { describeCounts } from "../util/counts.js";
import { formatMoney } from "./summary.js";
import type { Mark, PlanEntry, PlanSummary } from "./types.js";

/** The order marks are listed in: what costs money first, then what is only recorded. */
export const MARK_ORDER: readonly Mark[] = ["create", "replace", "in_doubt", "failed", "moved", "orphan", "unchanged"];

export const MARK_NAME: Record<Mark, string> = {
  create: "create",
  replace: "replace",
  in_doubt: "in doubt",
  failed: "failed",
  moved: "moved",
  orphan: "retired",
  unchanged: "unchanged",
};

const COUNT_PHRASE: Record<Mark, string> = {
  create: "to create",
  replace: "to replace",
  in_doubt: "in doubt",
  failed: "failed",
  moved: "moved",
  orphan: "to retire",
  unchanged: "unchanged",
};

/** "2 to create, 1 to replace, 12 unchanged" (marks with a zero count left out). */
export function describeMarkCounts(summary: PlanSummary): string {
  return describeCounts(summary.counts, MARK_ORDER, (m) => COUNT_PHRASE[m], "no requests");
}

/** "15 s of video (Kling 2.1: 10 s, Hailuo 02: 5 s)", or "no video to generate". */
export function describeSeconds(summary: PlanSummary): string {
  const models = Object.entries(summary.seconds_by_model);
  const total = models.reduce((sum, [, s]) => sum + s, 0);
  if (total === 0) return "no video to generate";
  return `${formatSeconds(total)} of video (${models.map(([m, s]) => `${m}: ${formatSeconds(s)}`).join(", ")})`;
}

/** "estimated cost 4.50 USD (no price for Hailuo 02)"; "" without a price table. */
export function describeCost(summary: PlanSummary): string {
  const cost = summary.estimated_cost;
  if (!cost) return "";
  const budget = summary.budget !== undefined ? ` of a ${formatMoney(summary.budget, cost.currency)} budget` : "";
  const unpriced = cost.unpriced.length > 0 ? ` (no price for ${cost.unpriced.join(", ")})` : "";
  return `estimated cost ${formatMoney(cost.total, cost.currency)}${budget}${unpriced}`;
}

export function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** What an entry's line says after its key. */
export function entryNote(entry: PlanEntry): string {
  const parts: string[] = [];
  if (entry.action === "submit" && entry.generation > 1) parts.push(`generation ${entry.generation}`);
  if (entry.reason) parts.push(entry.reason);
  return parts.join(": ");
}
