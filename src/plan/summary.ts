// Counts per mark, seconds of video to generate per model, and (with a price table) the estimated cost.
import type { PriceTable } from "../manifest/types.js";
import { sortKeys } from "../lockfile/json-text.js";
import { modelLabel, priceRequest } from "../expand/price-rules.js";
import type { Mark, PlanEntry, PlanSummary } from "./types.js";

export function summarizePlan(
  entries: readonly PlanEntry[],
  prices: PriceTable | undefined,
  budget: number | undefined,
): PlanSummary {
  const counts: Record<Mark, number> = {
    create: 0,
    replace: 0,
    unchanged: 0,
    orphan: 0,
    in_doubt: 0,
    failed: 0,
    moved: 0,
  };
  const seconds = new Map<string, number>();
  let total = 0;
  const unpriced = new Set<string>();
  for (const entry of entries) {
    counts[entry.mark] += 1;
    if (!willGenerate(entry) || !entry.body) continue;
    const label = modelLabel(entry.body);
    seconds.set(label, (seconds.get(label) ?? 0) + entry.seconds);
    if (!prices) continue;
    const price = priceRequest(entry.body, entry.seconds, prices);
    if (price === null) unpriced.add(label);
    else total += price;
  }
  const summary: PlanSummary = {
    counts,
    seconds_by_model: Object.fromEntries(sortKeys([...seconds.keys()]).map((k) => [k, seconds.get(k) ?? 0])),
  };
  if (prices)
    summary.estimated_cost = {
      total: roundToMillionths(total),
      ...(prices.currency ? { currency: prices.currency } : {}),
      unpriced: sortKeys([...unpriced]),
    };
  if (budget !== undefined) summary.budget = budget;
  return summary;
}

/** Entries that will send a request (and so generate video) on apply. */
function willGenerate(entry: PlanEntry): boolean {
  return entry.action === "submit" || entry.action === "resend";
}

/** Any entry apply would act on (submit, resend, retire, restore or move): what --detailed-exitcode reports as 2. */
export function hasPendingChanges(entries: readonly PlanEntry[]): boolean {
  return entries.some((e) => e.action !== "none");
}

/** Why the budget stops this plan, or null when it does not. Unpriced models make the estimate unusable. */
export function budgetProblem(summary: PlanSummary): string | null {
  if (summary.budget === undefined) return null;
  const cost = summary.estimated_cost;
  const generates = Object.values(summary.seconds_by_model).some((s) => s > 0);
  if (!generates) return null;
  if (!cost)
    return `a budget of ${summary.budget} is set but there is no price table to estimate the cost: add \`prices:\` to the manifest or pass --prices FILE`;
  if (cost.unpriced.length > 0)
    return `cannot check the budget of ${summary.budget}: no price for ${cost.unpriced.join(", ")} in the price table`;
  if (cost.total > summary.budget)
    return `estimated cost ${formatMoney(cost.total, cost.currency)} exceeds the budget of ${formatMoney(summary.budget, cost.currency)}`;
  return null;
}

export function formatMoney(amount: number, currency: string | undefined): string {
  return `${amount.toFixed(2)}${currency ? ` ${currency}` : ""}`;
}

/** Float noise (0.1 + 0.2) must not show in plans or make equal plans differ. */
function roundToMillionths(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
