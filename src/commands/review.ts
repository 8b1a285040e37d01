// reelform review <manifest> [--dir out] (--out FOLDER | --bundle FILE.zip | --serve [--port N] | --import FILE)
// Resolves the campaign and the flags, then hands them to one of the review use cases (src/review/); what
// they did is printed by src/report/review-report.ts.
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { compileManifest } from "../expand/compile.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import { ExitCode, UserError } from "../errors.js";
import { reviewReporter } from "../report/review-report.js";
import type { ReviewCampaign, ReviewPageOptions } from "../review/campaign.js";
import { importVerdicts } from "../review/import-verdicts.js";
import { writeReviewBundle, writeReviewPage } from "../review/publish.js";
import { serveReview } from "../review/serve-campaign.js";
import { systemClock } from "../sched/clock.js";
import { openState } from "../state/open.js";
import type { CommandContext } from "../command-context.js";
import { settingsOf } from "../config/command-settings.js";
import { workspaceFor } from "../workspace.js";

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

export async function run(ctx: CommandContext, manifest: string, opts: ReviewOptions): Promise<number> {
  const ways = [opts.serve, opts.import !== undefined, opts.out !== undefined, opts.bundle !== undefined];
  if (ways.filter(Boolean).length > 1)
    throw new UserError("--out, --bundle, --serve and --import are separate ways to review: give one of them");
  const campaign = await openCampaign(ctx, manifest, opts);
  const page = pageOptions(ctx, opts);
  const report = reviewReporter(ctx);
  if (opts.import !== undefined)
    await importVerdicts(campaign, { path: resolve(ctx.cwd, opts.import), name: opts.import }, page, report);
  else if (opts.bundle !== undefined) await writeReviewBundle(campaign, resolve(ctx.cwd, opts.bundle), page, report);
  else if (opts.serve) {
    const token = randomBytes(24).toString("base64url");
    await serveReview(campaign, { port: opts.port ?? 0, token, stopSignal: ctx.stopSignal }, page, report);
  } else await writeReviewPage(campaign, resolve(ctx.cwd, opts.out ?? "review"), page, report);
  return ExitCode.ok;
}

async function openCampaign(ctx: CommandContext, manifest: string, opts: ReviewOptions): Promise<ReviewCampaign> {
  const expanded = await compileManifest(resolve(ctx.cwd, manifest), compileOptions(ctx, opts));
  const { lockfilePath, reviewPath, label } = workspaceFor(ctx.cwd, expanded.manifestPath);
  const state = await openState(
    settingsOf(ctx),
    {
      manifestPath: expanded.manifestPath,
      lockfilePath,
      campaign: expanded.campaign,
    },
    systemClock,
  );
  const lockfile = (await state.read({ displayPath: label(lockfilePath) }))?.lockfile ?? null;
  return { expanded, lockfile, reviewPath, label };
}

function pageOptions(ctx: CommandContext, opts: ReviewOptions): ReviewPageOptions {
  return {
    dir: resolve(ctx.cwd, opts.dir ?? "out"),
    ...(opts.prices ? { prices: { path: resolve(ctx.cwd, opts.prices), name: opts.prices } } : {}),
    rows: opts.rows,
    cols: opts.cols,
    // A static page may be built in CI: only an explicit name, never the runner's login, is its default.
    reviewer: settingsOf(ctx).reviewer ?? (opts.serve ? (settingsOf(ctx).login ?? "") : ""),
    clock: systemClock,
  };
}
