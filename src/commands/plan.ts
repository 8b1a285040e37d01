// `reelform plan <manifest>`: compile -> read lockfile -> diff -> render -> exit code (Terraform's).
import { resolve } from "node:path";
import { compileManifest } from "../expand/compile.js";
import type { InputFile } from "../expand/types.js";
import { ExitCode, UserError } from "../errors.js";
import { readEffectiveLockfile, unfoldedNotice } from "../apply/unfolded.js";
import { openState } from "../state/open.js";
import { makePlan } from "../plan/make-plan.js";
import { selectionArgs, type PlanSelectionFlags } from "../plan/plan-command.js";
import { buildSavedPlan, digestOrAbsent, writeSavedPlan } from "../plan/saved.js";
import { budgetProblem, hasPendingChanges } from "../plan/summary.js";
import { printDiagnostics } from "../report/diagnostics.js";
import type { CommandContext } from "../command-context.js";
import { settingsOf } from "../config/command-settings.js";
import { printNotice, warnOn } from "../report/warnings.js";
import { printPlan, printPlanSaved, printPlanWarnings } from "../report/plan-output.js";
import { refuseIdleFlags } from "./idle-flags.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import { displayPath } from "../util/paths.js";
import { workspaceFor } from "../workspace.js";
import { systemClock } from "../sched/clock.js";

/** The selection flags (target, exclude, replace, …) are PlanSelectionFlags: saved with the plan. */
export interface PlanCommandOptions extends ManifestFlags, PlanSelectionFlags {
  json?: boolean;
  markdown?: boolean;
  out?: string;
  detailedExitcode?: boolean;
  verbose?: boolean;
}

export interface PlanCommandDeps {
  compile: typeof compileManifest;
  now: () => Date;
}

const defaultDeps: PlanCommandDeps = { compile: compileManifest, now: () => new Date(systemClock.now()) };

export async function run(
  ctx: CommandContext,
  file: string,
  opts: PlanCommandOptions,
  deps: PlanCommandDeps = defaultDeps,
): Promise<number> {
  const why = opts.json
    ? "it lists unchanged entries in the text plan, and --json prints every entry anyway (drop --verbose)"
    : "it lists unchanged entries in the text plan; --markdown counts them only, to stay under GitHub's comment limit (drop --verbose)";
  refuseIdleFlags("plan", [{ flag: "--verbose", idle: Boolean(opts.verbose && (opts.json || opts.markdown)), why }]);
  const expanded = await deps.compile(file, compileOptions(ctx, opts));
  printDiagnostics(expanded.warnings, { stream: ctx.stderr, env: ctx.env });
  const { lockfilePath, label } = workspaceFor(ctx.cwd, expanded.manifestPath);
  // A killed or disk-full run's records count as recorded: the plan (and its digest) is what apply sees after folding them.
  const settings = settingsOf(ctx);
  const state = await openState(
    settings,
    {
      manifestPath: expanded.manifestPath,
      lockfilePath,
      campaign: expanded.campaign,
    },
    systemClock,
  );
  const recorded = await readEffectiveLockfile(state, { displayPath: label(lockfilePath), warn: warnOn(ctx) });
  if (recorded.unfolded) printNotice(ctx, unfoldedNotice(recorded.unfolded, label));
  const inputs = {
    cwd: ctx.cwd,
    env: settings,
    expanded,
    lockfile: recorded.lockfile,
    manifestLabel: label(expanded.manifestPath),
    lockfileLabel: label(lockfilePath),
    now: deps.now().getTime(),
  };
  const { plan, reviewInput } = await makePlan(inputs, opts);
  printPlanWarnings(ctx, plan);
  await printPlan(ctx, plan, opts);
  const overBudget = budgetProblem(plan.summary);
  if (overBudget) throw new UserError(`${overBudget}${opts.out ? `; the plan was not saved to ${opts.out}` : ""}`);
  if (opts.out) {
    const read = [...expanded.inputs, reviewInput, ...(opts.prices ? [await priceInput(ctx.cwd, opts.prices)] : [])];
    await writeSavedPlan(
      resolve(ctx.cwd, opts.out),
      buildSavedPlan(
        plan,
        read,
        { path: label(lockfilePath), sha256: recorded.sha256 },
        deps.now(),
        selectionArgs(opts),
      ),
    );
    printPlanSaved(ctx, opts.out);
  }
  return opts.detailedExitcode && hasPendingChanges(plan.entries) ? ExitCode.changesPending : ExitCode.ok;
}

async function priceInput(cwd: string, path: string): Promise<InputFile> {
  return { role: "prices" as const, path: displayPath(path, cwd), sha256: await digestOrAbsent(resolve(cwd, path)) };
}
