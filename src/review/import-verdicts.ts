// `review --import FILE`: verdicts given elsewhere (a static page's download) merged into the review file,
// the later decision winning; refused as a whole when one is on a video nobody can have seen.
import { UserError } from "../errors.js";
import { campaignPageData, readCampaignReview, type ReviewCampaign, type ReviewListener } from "./campaign.js";
import type { ReviewPageOptions } from "./campaign.js";
import type { ReviewCell } from "./data.js";
import { mergeReviews } from "./merge.js";
import { readReviewFile, writeReviewFile } from "./review-io.js";
import { unseenReason } from "./verdict-request.js";

/** `file`: the path to read (absolute) and its name as given. */
export async function importVerdicts(
  c: ReviewCampaign,
  file: { path: string; name: string },
  options: ReviewPageOptions,
  report: ReviewListener,
): Promise<void> {
  const incoming = await readReviewFile(file.path, file.name, c.expanded.campaign);
  if (incoming.sha256 === "absent") throw new UserError(`cannot import ${file.name}: no such file`);
  if (incoming.review.campaign !== c.expanded.campaign)
    throw new UserError(
      `${file.name} holds verdicts for campaign "${incoming.review.campaign}", not "${c.expanded.campaign}"`,
    );
  refuseUnseen(incoming.review.verdicts, (await campaignPageData(c, options, "static", (path) => path)).cells);
  const merged = mergeReviews(await readCampaignReview(c), incoming.review.verdicts);
  await writeReviewFile(c.reviewPath, merged.review, c.expanded.manifestPath);
  const { added, updated, unchanged, keptExisting } = merged;
  report({
    kind: "verdicts-imported",
    file: file.name,
    reviewFile: c.label(c.reviewPath),
    added,
    updated,
    unchanged,
    keptExisting,
  });
}

/** Verdicts only on what was seen: an imported verdict on a generation with no playable video refuses the import. */
function refuseUnseen(verdicts: readonly { key: string; generation: number }[], cells: readonly ReviewCell[]): void {
  const byKey = new Map(cells.map((cell) => [cell.key, cell]));
  const unseen = verdicts.filter((v) => {
    const cell = byKey.get(v.key);
    if (!cell) return false; // a key no longer in the manifest: kept, as before (the plan reports it)
    const generation =
      cell.generation === v.generation ? cell : cell.earlier.find((g) => g.generation === v.generation);
    return generation !== undefined && !generation.media;
  });
  if (unseen.length === 0) return;
  const list = unseen
    .slice(0, 10)
    .map((v) => `  - ${unseenReason(v.key, v.generation)}`)
    .join("\n");
  throw new UserError(
    `refused to import ${unseen.length} verdict(s) on videos nobody can have seen; nothing was imported:\n${list}${unseen.length > 10 ? "\n  …" : ""}`,
  );
}
