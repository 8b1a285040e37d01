// The campaign a review is about, as the command resolved it, and the page data built from it. Shared by
// the review use cases: writing the page (publish.ts), importing verdicts (import-verdicts.ts) and serving
// (serve-campaign.ts), each of which reports what it did as a ReviewEvent for the command to render.
import type { ExpandedManifest } from "../expand/types.js";
import { loadPriceTable } from "../expand/load-prices.js";
import type { Lockfile } from "../lockfile/types.js";
import type { Clock } from "../sched/clock.js";
import { buildReviewData } from "./build.js";
import type { ReviewData } from "./data.js";
import { readReviewFile } from "./review-io.js";
import type { ReviewFile } from "./verdicts.js";

export interface ReviewCampaign {
  expanded: ExpandedManifest;
  lockfile: Lockfile | null;
  reviewPath: string;
  /** A path as the user names it (relative to where they ran the command). */
  label: (path: string) => string;
}

/** How the page is built, resolved by the command from its flags and environment. */
export interface ReviewPageOptions {
  /** Where pulled files are (absolute). */
  dir: string;
  /** A price table file (absolute path, and as given). */
  prices?: { path: string; name: string };
  rows?: string;
  cols?: string;
  /** The page's default reviewer name. */
  reviewer: string;
  clock: Clock;
}

/** What a review use case did, for the command to render (src/report/review-report.ts). */
export type ReviewEvent =
  | { kind: "page-written"; page: string; videos: number; pulled: number }
  | { kind: "bundle-written"; bundle: string; videos: number }
  | {
      kind: "verdicts-imported";
      file: string;
      reviewFile: string;
      added: number;
      updated: number;
      unchanged: number;
      keptExisting: number;
    }
  | { kind: "serving"; campaign: string; url: string; reviewFile: string };

export type ReviewListener = (event: ReviewEvent) => void;

export async function readCampaignReview(c: ReviewCampaign): Promise<ReviewFile> {
  return (await readReviewFile(c.reviewPath, c.label(c.reviewPath), c.expanded.campaign)).review;
}

/** The page's data: the campaign's cells with their videos linked by `link`, and the verdicts recorded. */
export async function campaignPageData(
  c: ReviewCampaign,
  options: ReviewPageOptions,
  mode: ReviewData["mode"],
  link: (path: string) => string,
): Promise<ReviewData> {
  const prices = options.prices ? await loadPriceTable(options.prices.path, options.prices.name) : undefined;
  return buildReviewData(c.expanded, c.lockfile, {
    mode,
    dir: options.dir,
    link,
    now: options.clock.now(),
    verdicts: (await readCampaignReview(c)).verdicts,
    reviewer: options.reviewer,
    prices,
    rows: options.rows,
    cols: options.cols,
  });
}
