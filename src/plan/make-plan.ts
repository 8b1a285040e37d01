// The plan use case plan and apply share: with the manifest compiled and the lockfile read (each command
// reads it its own way, under the lock or not), load --prices, choose the provider, take the review
// verdicts, and diff. Returns the plan and what the caller needs besides it; the user's mistake that stops
// it (a price table, provider setting or review file that does not fit) is thrown as its UserError, for
// src/cli.ts to report like any other.
import { resolve } from "node:path";
import { loadPriceTable } from "../expand/load-prices.js";
import type { ExpandedManifest, InputFile } from "../expand/types.js";
import type { Lockfile } from "../lockfile/types.js";
import { chooseProvider } from "../config/provider-choice.js";
import type { EnvSource } from "../config/settings.js";
import type { ProviderName } from "../provider/types.js";
import { verdictsForPlan } from "../review/plan-verdicts.js";
import { diffAgainstLockfile } from "./diff.js";
import { selectionOf, type PlanSelectionFlags } from "./plan-command.js";
import type { Plan } from "./types.js";

export interface PlanInputs {
  cwd: string;
  /** The command's resolved settings (CommandContext.settings), where REELFORM_PROVIDER is read. */
  env: EnvSource;
  expanded: ExpandedManifest;
  lockfile: Lockfile | null;
  /** How the plan names the manifest and lockfile (Workspace.label). */
  manifestLabel: string;
  lockfileLabel: string;
  /** The current time (ms), for the dedup-window check. */
  now: number;
}

export interface MadePlan {
  plan: Plan;
  provider: ProviderName;
  /** The review file the verdicts came from (an input of a saved plan). */
  reviewInput: InputFile;
}

/** Throws a UserError (a DiagnosticsError for an invalid price table) for the user's mistake. */
export async function makePlan(inputs: PlanInputs, flags: PlanSelectionFlags): Promise<MadePlan> {
  const { cwd, expanded } = inputs;
  const prices = flags.prices ? await loadPriceTable(resolve(cwd, flags.prices), flags.prices) : undefined;
  const provider = chooseProvider({ flag: flags.provider, env: inputs.env, manifest: expanded.settings.provider }).name;
  const review = await verdictsForPlan(expanded.manifestPath, expanded.campaign, {
    cwd,
    allowCampaignMismatch: flags.allowCampaignMismatch,
  });
  const labels = { manifestLabel: inputs.manifestLabel, lockfileLabel: inputs.lockfileLabel };
  const plan = diffAgainstLockfile(expanded, inputs.lockfile, {
    ...selectionOf(flags),
    ...labels,
    prices,
    verdicts: review.verdicts,
    now: inputs.now,
    provider,
  });
  return { plan, provider, reviewInput: review.input };
}
