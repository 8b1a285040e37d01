// `review --out FOLDER` and `review --bundle FILE.zip`: the static page, written next to the pulled files
// it links relative to itself, or zipped with every pulled video it links to (linked inside the zip).
import { mkdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { UserError } from "../errors.js";
import { writeFileAtomic } from "../lockfile/atomic-write.js";
import { writeBundle, type BundleEntry } from "./bundle.js";
import { campaignPageData, type ReviewCampaign, type ReviewListener, type ReviewPageOptions } from "./campaign.js";
import { relativeUrl } from "./media.js";
import { renderReviewPage, reviewPageChunks } from "./page.js";

/** Writes OUT_DIR/index.html. */
export async function writeReviewPage(
  c: ReviewCampaign,
  outDir: string,
  options: ReviewPageOptions,
  report: ReviewListener,
): Promise<void> {
  const data = await campaignPageData(c, options, "static", (path) => relativeUrl(outDir, path));
  const page = join(outDir, "index.html");
  try {
    await mkdir(outDir, { recursive: true });
    await writeFileAtomic(page, utf8Batches(reviewPageChunks(data)));
  } catch (error) {
    throw new UserError(
      `cannot write the review page to ${c.label(page)}: ${(error as Error).message} (choose another --out folder)`,
    );
  }
  const pulled = data.cells.filter((cell) => cell.media?.from === "file").length;
  report({ kind: "page-written", page: c.label(page), videos: data.cells.length, pulled });
}

/** Writes the zip: index.html and videos/<path below the pulled files' folder>. */
export async function writeReviewBundle(
  c: ReviewCampaign,
  out: string,
  options: ReviewPageOptions,
  report: ReviewListener,
): Promise<void> {
  const videos = new Map<string, BundleEntry>();
  const link = (path: string): string => {
    videos.set(path, { path, name: `videos/${relative(options.dir, path).split(sep).join("/")}` });
    return `videos/${relativeUrl(options.dir, path)}`;
  };
  const data = await campaignPageData(c, options, "static", link);
  try {
    await writeBundle(out, renderReviewPage(data), [...videos.values()]);
  } catch (error) {
    throw new UserError(`cannot write the review bundle ${c.label(out)}: ${(error as Error).message}`);
  }
  report({ kind: "bundle-written", bundle: c.label(out), videos: videos.size });
}

/** Text pieces as UTF-8 bytes, about a mebibyte at a time (few writes, never the whole text at once). */
function* utf8Batches(pieces: Iterable<string>): Generator<Uint8Array> {
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length >= 1 << 20) {
      yield Buffer.from(batch.join(""), "utf8");
      batch = [];
      length = 0;
    }
  }
  if (batch.length > 0) yield Buffer.from(batch.join(""), "utf8");
}
