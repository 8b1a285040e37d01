// `review --serve`: the page on 127.0.0.1 behind a random token, until the stop signal. The lockfile and
// files were read once; only the verdicts change while serving (reread for each page load and each change,
// so edits made beside the page, a git pull, are kept), and changes are written one at a time, in click order.
import { campaignPageData, readCampaignReview, type ReviewCampaign } from "./campaign.js";
import type { ReviewListener, ReviewPageOptions } from "./campaign.js";
import { relativeUrl } from "./media.js";
import { setVerdict } from "./merge.js";
import { renderReviewPage } from "./page.js";
import { writeReviewFile } from "./review-io.js";
import { linkFreeFileInside } from "./serve-file.js";
import { startReviewServer } from "./server.js";
import { readVerdictRequest, type VerdictChange } from "./verdict-request.js";

export interface ServeOptions {
  port: number;
  token: string;
  stopSignal: AbortSignal;
}

/** Serves until `stopSignal` aborts, then closes the server. */
export async function serveReview(
  c: ReviewCampaign,
  serve: ServeOptions,
  options: ReviewPageOptions,
  report: ReviewListener,
): Promise<void> {
  const link = (path: string): string => `files/${relativeUrl(options.dir, path)}`;
  const data = await campaignPageData(c, options, "serve", link);
  const cells = new Map(data.cells.map((cell) => [cell.key, cell]));
  let queue: Promise<unknown> = Promise.resolve();
  const server = await startReviewServer({
    port: serve.port,
    token: serve.token,
    page: async () => renderReviewPage({ ...data, verdicts: (await readCampaignReview(c)).verdicts }),
    file: (rel) => linkFreeFileInside(options.dir, rel),
    verdict: (body) => {
      const saved = queue.then(() => saveVerdict(c, readVerdictRequest(body, cells, new Date(options.clock.now()))));
      queue = saved.catch(() => undefined);
      return saved;
    },
  });
  report({ kind: "serving", campaign: c.expanded.campaign, url: server.url, reviewFile: c.label(c.reviewPath) });
  await new Promise<void>((done) =>
    serve.stopSignal.aborted ? done() : serve.stopSignal.addEventListener("abort", () => done(), { once: true }),
  );
  await server.close();
}

async function saveVerdict(c: ReviewCampaign, change: VerdictChange): Promise<unknown> {
  const review = await readCampaignReview(c);
  await writeReviewFile(c.reviewPath, setVerdict(review, change.target, change.verdict), c.expanded.manifestPath);
  return { verdict: change.verdict };
}
