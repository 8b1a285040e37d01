// The verdicts plan and apply act on: the review file next to the manifest, read once, with its digest
// (a saved plan records it, so applying a plan made before a verdict changed is refused).
import { resolve } from "node:path";
import type { InputFile } from "../expand/types.js";
import { UserError } from "../errors.js";
import { displayPath } from "../util/paths.js";
import { readReviewFile } from "./review-io.js";
import { reviewPathFor, type Verdict } from "./verdicts.js";

export interface PlanVerdicts {
  verdicts: Verdict[];
  input: InputFile;
}

export async function verdictsForPlan(
  manifestPath: string,
  campaign: string,
  options: { cwd: string; allowCampaignMismatch?: boolean },
): Promise<PlanVerdicts> {
  const path = reviewPathFor(resolve(options.cwd, manifestPath));
  const shown = displayPath(path, options.cwd);
  const read = await readReviewFile(path, shown, campaign);
  if (read.review.campaign !== campaign && !options.allowCampaignMismatch) {
    throw new UserError(
      `${shown} records verdicts for campaign "${read.review.campaign}" but the manifest says "${campaign}": was it copied from another manifest? Pass --allow-campaign-mismatch to use it anyway`,
    );
  }
  return { verdicts: read.review.verdicts, input: { role: "review", path: shown, sha256: read.sha256 } };
}
