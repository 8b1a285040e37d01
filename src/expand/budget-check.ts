// A manifest's `budget:` must be checkable from the manifest itself: plan refuses a budget it cannot price,
// so validate (and every command that compiles) refuses it too, at the budget's line.
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { PriceTable } from "../manifest/types.js";
import { modelLabel, priceRequest } from "./price-rules.js";
import type { ExpandedRequest } from "./types.js";

export interface BudgetCheckInput {
  budget: number | undefined;
  /** The manifest's own price table (inline or file), when it has one that could be read. */
  prices: PriceTable | undefined;
  /** A --prices flag replaces the manifest's table: the check is then plan's, against that table. */
  pricesFromFlag: boolean;
  requests: readonly Pick<ExpandedRequest, "body" | "seconds">[];
  at: SourceLocation;
}

export function budgetDiagnostics(input: BudgetCheckInput): Diagnostic[] {
  if (input.budget === undefined || input.pricesFromFlag) return [];
  if (!input.prices) {
    return [
      {
        severity: "error",
        ...input.at,
        message: `budget: ${input.budget} is set but the manifest has no price table to estimate the cost with (plan and apply would refuse it)`,
        suggestion:
          "add prices: (a table, or a YAML/JSON file next to the manifest), or remove budget: and pass --prices and --max-cost to plan",
      },
    ];
  }
  const unpriced = unpricedModels(input.requests, input.prices);
  if (unpriced.length === 0) return [];
  return [
    {
      severity: "error",
      ...input.at,
      message: `budget: ${input.budget} cannot be checked: the price table has no price for ${unpriced.join(", ")}`,
      suggestion: "add a rule for each model to prices:",
    },
  ];
}

function unpricedModels(requests: BudgetCheckInput["requests"], prices: PriceTable): string[] {
  const unpriced = new Set<string>();
  for (const request of requests) {
    if (request.seconds > 0 && priceRequest(request.body, request.seconds, prices) === null)
      unpriced.add(modelLabel(request.body));
  }
  return [...unpriced].sort();
}
