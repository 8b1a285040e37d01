// Everything the page shows, gathered once: cells (manifest × lockfile × pulled files), axes, verdicts.
import { basename } from "node:path";
import type { ExpandedManifest } from "../expand/types.js";
import { UserError } from "../errors.js";
import type { Lockfile } from "../lockfile/types.js";
import type { PriceTable } from "../manifest/types.js";
import { buildCells, collectAxes } from "./cells.js";
import type { ReviewData } from "./data.js";
import { sourceFinder, type MediaOptions } from "./media.js";
import { reviewPathFor, type Verdict } from "./verdicts.js";

export interface ReviewBuildOptions extends MediaOptions {
  mode: ReviewData["mode"];
  verdicts: Verdict[];
  reviewer: string;
  prices?: PriceTable;
  rows?: string;
  cols?: string;
}

export function buildReviewData(
  expanded: ExpandedManifest,
  lockfile: Lockfile | null,
  options: ReviewBuildOptions,
): ReviewData {
  const prices = options.prices ?? expanded.settings.prices;
  const columns = [options.rows, options.cols].filter((c): c is string => c !== undefined);
  const cells = buildCells(expanded, lockfile, sourceFinder(lockfile, options), prices, columns);
  const axes = collectAxes(cells);
  for (const [flag, axis] of [
    ["--rows", options.rows],
    ["--cols", options.cols],
  ] as const) {
    if (axis !== undefined && !axes.some((a) => a.name === axis)) {
      throw new UserError(
        `${flag} "${axis}" is not a matrix axis of this campaign (${axes.length > 0 ? `axes: ${axes.map((a) => a.name).join(", ")}` : "it has no matrix"})`,
      );
    }
  }
  return {
    campaign: expanded.campaign,
    manifest: basename(expanded.manifestPath),
    reviewFile: basename(reviewPathFor(expanded.manifestPath)),
    mode: options.mode,
    ...(prices?.currency ? { currency: prices.currency } : {}),
    axes,
    cells,
    verdicts: options.verdicts,
    reviewer: options.reviewer,
    generatedAt: new Date(options.now).toISOString(),
    ...(options.rows ? { rows: options.rows } : {}),
    ...(options.cols ? { cols: options.cols } : {}),
  };
}
