// What stops an apply before anything is sent, once the plan is made: the budget, and in-doubt requests a
// saved plan would re-send through another provider. Each returns the refusal, or null to go on.
import { UserError } from "../errors.js";
import { resentThroughOtherProvider } from "../plan/provider-switch.js";
import { budgetProblem } from "../plan/summary.js";
import type { Plan } from "../plan/types.js";
import type { ProviderName } from "../provider/types.js";

/** As plan: an estimate over the budget (--max-cost, or the manifest's) stops before anything is sent. */
export function budgetRefusal(plan: Plan, maxCost: number | undefined): UserError | null {
  const summary = maxCost === undefined ? plan.summary : { ...plan.summary, budget: maxCost };
  const problem = budgetProblem(summary);
  return problem ? new UserError(`${problem}: nothing was submitted`) : null;
}

/** A saved plan made under another provider must not re-send an in-doubt request through this one. */
export function resendRefusal(plan: Plan, provider: ProviderName): UserError | null {
  const keys = resentThroughOtherProvider(plan.entries, provider);
  if (keys.length === 0) return null;
  return new UserError(
    `the plan re-sends ${keys.join(", ")} (in doubt), sent through another provider than ${provider}: a re-send there could create a second task. ` +
      `Plan again with the provider you want, or apply with the provider that sent them: nothing was submitted`,
  );
}
