// reelform review <manifest> [--dir out] (--out FOLDER | --serve [--port N] | --import FILE)
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { compileManifest } from "../expand/compile.js";
import type { ExpandedManifest } from "../expand/types.js";
import { ExitCode, UserError } from "../errors.js";
import { writeFileAtomic } from "../lockfile/atomic-write.js";
import type { Lockfile } from "../lockfile/types.js";
import { loadPriceTable } from "../expand/load-prices.js";
import { buildReviewData } from "../review/build.js";
import { relativeUrl } from "../review/media.js";
import { mergeReviews, setVerdict } from "../review/merge.js";
import { renderReviewPage } from "../review/page.js";
import { readReviewFile, writeReviewFile } from "../review/review-io.js";
import { linkFreeFileInside } from "../review/serve-file.js";
import { startReviewServer } from "../review/server.js";
import { readVerdictRequest, unseenReason, type VerdictChange } from "../review/verdict-request.js";
import type { ReviewCell } from "../review/data.js";
import type { ReviewFile } from "../review/verdicts.js";
import { workspaceFor } from "../workspace.js";
import { openState } from "../state/open.js";
import type { CommandContext } from "../command-context.js";
import { writeBundle, type BundleEntry } from "../review/bundle.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import { systemClock } from "../sched/clock.js";
import { envSetting, loginName, REVIEWER } from "../config/settings.js";

export interface ReviewOptions extends ManifestFlags {
  dir?: string;
  out?: string;
  serve?: boolean;
  port?: number;
  rows?: string;
  cols?: string;
  import?: string;
  prices?: string;
  bundle?: string;
}

interface Campaign {
  expanded: ExpandedManifest;
  lockfile: Lockfile | null;
  reviewPath: string;
  label: (path: string) => string;
}

export async function run(ctx: CommandContext, manifest: string, opts: ReviewOptions): Promise<number> {
  if (
    [opts.serve, opts.import !== undefined, opts.out !== undefined, opts.bundle !== undefined].filter(Boolean).length >
    1
  ) {
    throw new UserError("--out, --bundle, --serve and --import are separate ways to review: give one of them");
  }
  const expanded = await compileManifest(resolve(ctx.cwd, manifest), compileOptions(ctx, opts));
  const { lockfilePath, reviewPath, label } = workspaceFor(ctx.cwd, expanded.manifestPath);
  const state = await openState(ctx.env, {
    manifestPath: expanded.manifestPath,
    lockfilePath,
    campaign: expanded.campaign,
  });
  const lockfile = (await state.read({ displayPath: label(lockfilePath) }))?.lockfile ?? null;
  const campaign: Campaign = { expanded, lockfile, reviewPath, label };
  if (opts.import !== undefined) return importVerdicts(ctx, campaign, opts.import, opts);
  if (opts.bundle !== undefined) return writeBundlePage(ctx, campaign, opts, opts.bundle);
  return opts.serve ? serve(ctx, campaign, opts) : writeStaticPage(ctx, campaign, opts);
}

/** --bundle FILE.zip: the static page plus every pulled video it links to, linked inside the zip. */
async function writeBundlePage(ctx: CommandContext, c: Campaign, opts: ReviewOptions, file: string): Promise<number> {
  const dir = resolve(ctx.cwd, opts.dir ?? "out");
  const videos = new Map<string, BundleEntry>();
  const link = (path: string): string => {
    videos.set(path, { path, name: `videos/${relative(dir, path).split(sep).join("/")}` });
    return `videos/${relativeUrl(dir, path)}`;
  };
  const data = await pageData(ctx, c, opts, "static", link);
  const out = resolve(ctx.cwd, file);
  try {
    await writeBundle(out, renderReviewPage(data), [...videos.values()]);
  } catch (error) {
    throw new UserError(`cannot write the review bundle ${c.label(out)}: ${(error as Error).message}`);
  }
  ctx.stdout.write(
    `reelform: review bundle written to ${c.label(out)} (index.html and ${videos.size} pulled video(s); unzip it and open index.html)\n`,
  );
  return ExitCode.ok;
}

async function importVerdicts(ctx: CommandContext, c: Campaign, file: string, opts: ReviewOptions): Promise<number> {
  const path = resolve(ctx.cwd, file);
  const incoming = await readReviewFile(path, file, c.expanded.campaign);
  if (incoming.sha256 === "absent") throw new UserError(`cannot import ${file}: no such file`);
  if (incoming.review.campaign !== c.expanded.campaign)
    throw new UserError(
      `${file} holds verdicts for campaign "${incoming.review.campaign}", not "${c.expanded.campaign}"`,
    );
  refuseUnseen(incoming.review.verdicts, (await pageData(ctx, c, opts, "static", (path) => path)).cells);
  const merged = mergeReviews(await readReview(c), incoming.review.verdicts);
  await writeReviewFile(c.reviewPath, merged.review, c.expanded.manifestPath);
  const kept =
    merged.keptExisting > 0 ? `, ${merged.keptExisting} older than the recorded one (kept the recorded)` : "";
  ctx.stdout.write(
    `reelform: merged ${file} into ${c.label(c.reviewPath)}: ${merged.added} added, ${merged.updated} updated, ${merged.unchanged} unchanged${kept}\n`,
  );
  return ExitCode.ok;
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

async function pageData(
  ctx: CommandContext,
  c: Campaign,
  opts: ReviewOptions,
  mode: "static" | "serve",
  link: (path: string) => string,
) {
  const prices = opts.prices ? await loadPriceTable(resolve(ctx.cwd, opts.prices), opts.prices) : undefined;
  const review = await readReview(c);
  // A static page may be built in CI: only an explicit name, never the runner's login, is its default.
  const reviewer = envSetting(ctx.env, REVIEWER) ?? (mode === "serve" ? (loginName(ctx.env) ?? "") : "");
  return buildReviewData(c.expanded, c.lockfile, {
    mode,
    dir: resolve(ctx.cwd, opts.dir ?? "out"),
    link,
    now: systemClock.now(),
    verdicts: review.verdicts,
    reviewer,
    prices,
    rows: opts.rows,
    cols: opts.cols,
  });
}

async function writeStaticPage(ctx: CommandContext, c: Campaign, opts: ReviewOptions): Promise<number> {
  const outDir = resolve(ctx.cwd, opts.out ?? "review");
  const data = await pageData(ctx, c, opts, "static", (path) => relativeUrl(outDir, path));
  const page = join(outDir, "index.html");
  try {
    await mkdir(outDir, { recursive: true });
    await writeFileAtomic(page, renderReviewPage(data));
  } catch (error) {
    throw new UserError(
      `cannot write the review page to ${c.label(page)}: ${(error as Error).message} (choose another --out folder)`,
    );
  }
  const pulled = data.cells.filter((cell) => cell.media?.from === "file").length;
  ctx.stdout.write(
    `reelform: review page written to ${c.label(page)} (${data.cells.length} videos, ${pulled} pulled file(s) linked relative to it)\n`,
  );
  return ExitCode.ok;
}

async function serve(ctx: CommandContext, c: Campaign, opts: ReviewOptions): Promise<number> {
  const dir = resolve(ctx.cwd, opts.dir ?? "out");
  const link = (path: string): string => `files/${relativeUrl(dir, path)}`;
  // The lockfile and files were read once; only the verdicts change while serving (reread per page load).
  const data = await pageData(ctx, c, opts, "serve", link);
  const cells = new Map(data.cells.map((cell) => [cell.key, cell]));
  let queue: Promise<unknown> = Promise.resolve();
  const server = await startReviewServer({
    port: opts.port ?? 0,
    token: randomBytes(24).toString("base64url"),
    page: async () => renderReviewPage({ ...data, verdicts: (await readReview(c)).verdicts }),
    file: (rel) => linkFreeFileInside(dir, rel),
    verdict: (body) => {
      const saved = queue.then(() => saveVerdict(c, readVerdictRequest(body, cells, new Date(systemClock.now()))));
      queue = saved.catch(() => undefined); // one write at a time, in click order
      return saved;
    },
  });
  ctx.stdout.write(
    `reelform: reviewing ${c.expanded.campaign} at ${server.url}\nreelform: verdicts are saved to ${c.label(c.reviewPath)}; press Ctrl-C to stop\n`,
  );
  await new Promise<void>((done) =>
    ctx.stopSignal.aborted ? done() : ctx.stopSignal.addEventListener("abort", () => done(), { once: true }),
  );
  await server.close();
  return ExitCode.ok;
}

/** The review file is read again for each change, so edits made beside the page (git pull) are kept. */
async function saveVerdict(c: Campaign, change: VerdictChange): Promise<unknown> {
  const review = await readReview(c);
  await writeReviewFile(c.reviewPath, setVerdict(review, change.target, change.verdict), c.expanded.manifestPath);
  return { verdict: change.verdict };
}

async function readReview(c: Campaign): Promise<ReviewFile> {
  return (await readReviewFile(c.reviewPath, c.label(c.reviewPath), c.expanded.campaign)).review;
}
