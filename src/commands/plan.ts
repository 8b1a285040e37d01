// `reelform plan <manifest>`: compile -> read lockfile -> diff -> render -> exit code (Terraform's).
import { resolve } from "node:path";
import { displayPath } from "../util/paths.js";
import { compileManifest } from "../expand/compile.js";
import type { InputFile } from "../expand/types.js";
import { ExitCode, UserError } from "../errors.js";
import { readLockfileWithDigest } from "../lockfile/io.js";
import { diffAgainstLockfile } from "../plan/diff.js";
import { loadPriceTable } from "../plan/load-prices.js";
import { renderPlanJson } from "../plan/render-json.js";
import { renderPlanMarkdown } from "../plan/render-markdown.js";
import { renderPlanText } from "../plan/render-text.js";
import { buildSavedPlan, digestOrAbsent, writeSavedPlan } from "../plan/saved.js";
import { budgetProblem, hasPendingChanges } from "../plan/summary.js";
import type { Plan } from "../plan/types.js";
import { printDiagnostics } from "../report/diagnostics.js";
import { verdictsForPlan } from "../review/plan-verdicts.js";
import type { CommandContext } from "./context.js";
import { compileOptions, type ManifestFlags } from "./manifest-flags.js";

export interface PlanCommandOptions extends ManifestFlags {
  json?: boolean;
  markdown?: boolean;
  out?: string;
  detailedExitcode?: boolean;
  verbose?: boolean;
  target?: string[];
  exclude?: string[];
  replace?: string[];
  retryFailed?: boolean;
  prices?: string;
  maxCost?: number;
  allowCampaignMismatch?: boolean;
}

export interface PlanCommandDeps {
  compile: typeof compileManifest;
  now: () => Date;
}

const defaultDeps: PlanCommandDeps = { compile: compileManifest, now: () => new Date() };

export async function run(ctx: CommandContext, file: string, opts: PlanCommandOptions, deps: PlanCommandDeps = defaultDeps): Promise<number> {
  const label = (p: string): string => displayPath(p, ctx.cwd);
  const expanded = await deps.compile(file, compileOptions(ctx, opts));
  printDiagnostics(expanded.warnings, { stream: ctx.stderr, env: ctx.env });
  const lockfilePath = resolve(ctx.cwd, expanded.lockfilePath);
  const recorded = await readLockfileWithDigest(lockfilePath, { displayPath: label(lockfilePath) });
  const prices = opts.prices ? await loadPriceTable(resolve(ctx.cwd, opts.prices), opts.prices) : undefined;
  const review = await verdictsForPlan(expanded.manifestPath, expanded.campaign, { cwd: ctx.cwd, allowCampaignMismatch: opts.allowCampaignMismatch });
  const plan = diffAgainstLockfile(expanded, recorded?.lockfile ?? null, {
    ...opts, prices, verdicts: review.verdicts, manifestLabel: label(expanded.manifestPath), lockfileLabel: label(lockfilePath), now: deps.now().getTime(),
  });
  for (const warning of plan.warnings ?? []) ctx.stderr.write(`reelform: warning: ${warning}\n`);
  ctx.stdout.write(renderPlan(plan, opts, ctx.color));
  const overBudget = budgetProblem(plan.summary);
  if (overBudget) throw new UserError(`${overBudget}${opts.out ? `; the plan was not saved to ${opts.out}` : ""}`);
  if (opts.out) {
    const inputs = [...expanded.inputs, review.input, ...(opts.prices ? [await priceInput(ctx.cwd, opts.prices)] : [])];
    await writeSavedPlan(resolve(ctx.cwd, opts.out), buildSavedPlan(plan, inputs, { path: label(lockfilePath), sha256: recorded?.sha256 ?? "absent" }, deps.now()));
    ctx.stderr.write(`reelform: plan saved to ${opts.out}; apply exactly this plan with: reelform apply ${opts.out}\n`);
  }
  return opts.detailedExitcode && hasPendingChanges(plan.entries) ? ExitCode.changesPending : ExitCode.ok;
}

function renderPlan(plan: Plan, opts: PlanCommandOptions, color: boolean): string {
  if (opts.json) return renderPlanJson(plan);
  if (opts.markdown) return renderPlanMarkdown(plan);
  return renderPlanText(plan, { color, verbose: opts.verbose });
}

async function priceInput(cwd: string, path: string): Promise<InputFile> {
  return { role: "prices" as const, path: displayPath(path, cwd), sha256: await digestOrAbsent(resolve(cwd, path)) };
}
