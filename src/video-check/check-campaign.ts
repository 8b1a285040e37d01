// `reelform check`'s use case: every current generation's pulled file checked against its request, `parallelism`
// at a time, and the results recorded on the generation each file belongs to (through the caller's `update`,
// which holds the apply lock). The command opens the state and prints the report this returns.
import type { CheckSettings } from "../expand/check-settings.js";
import type { Lockfile } from "../lockfile/types.js";
import { planChecks } from "./jobs.js";
import { recordCheckResults, type RecordOutcome } from "./record.js";
import { checkFiles, type CheckedFile, type CheckTools } from "./run.js";

export interface CampaignCheck {
  lockfile: Lockfile;
  /** Where pull put the files (absolute). */
  dir: string;
  settingsFor: (key: string) => CheckSettings | undefined;
  tools: CheckTools;
  parallelism: number;
  /** Runs `mutate` on the freshly read recorded set under the apply lock, and writes it. */
  update: (mutate: (fresh: Lockfile) => void) => Promise<unknown>;
}

export interface CampaignChecked {
  checked: CheckedFile[];
  recorded: Map<CheckedFile, RecordOutcome>;
  notPulled: string[];
  noOutput: number;
}

export async function checkCampaign(input: CampaignCheck): Promise<CampaignChecked> {
  const plan = planChecks(input.lockfile, input.dir, input.settingsFor);
  const checked = await checkFiles(plan.jobs, input.tools, input.parallelism);
  let recorded = new Map<CheckedFile, RecordOutcome>();
  if (checked.length > 0) await input.update((l) => void (recorded = recordCheckResults(l, checked)));
  return { checked, recorded, notPulled: plan.notPulled, noOutput: plan.noOutput };
}
