import { confirmApply } from "../report/confirm.js";
import { runJournaled } from "../apply/journaled-run.js";
import { recoverJournal, recoveryNotice } from "../apply/recover.js";
import { lookUpLostTaskIds } from "../apply/session-lookup.js";
import { formatSessionRecovery } from "../report/session-recovery.js";
import { resolveRunSettings, type RunSettings } from "../apply/settings.js";
import { resolveApplySource, type ApplySource, type SourceOptions } from "../apply/source.js";
import { exitCodeFor } from "../apply/summary.js";
import { ExitCode, UserError } from "../errors.js";
import type { Lockfile } from "../lockfile/types.js";
import { writeLockfile } from "../lockfile/io.js";
import { acquireLock } from "../lockfile/mutex.js";
import { renderPlanText } from "../plan/render-text.js";
import { budgetProblem, hasPendingChanges } from "../plan/summary.js";
import type { Plan } from "../plan/types.js";
import { providerRegistry, type ProviderRegistry } from "../provider/registry.js";
import type { Provider, ProviderName } from "../provider/types.js";
import { resentThroughOtherProvider } from "../plan/provider-switch.js";
import { printDiagnostics } from "../report/diagnostics.js";
import { formatEventJson } from "../report/apply-json.js";
import { formatSummary } from "../report/apply-lines.js";
import { createApplyReporter, type ApplyReporter } from "../report/apply-reporter.js";
import { systemClock } from "../sched/clock.js";
import { displayPath } from "../util/paths.js";
import { parseDuration } from "../status/duration.js";
import { followTasks } from "./follow.js";
import { pullOptions } from "./status.js";
import { fileLockfileStore } from "../status/store.js";
import type { CommandContext, CommandResult } from "../command-context.js";
import { warnOn } from "../report/warnings.js";
import { refuseIdleFlags, timeoutRule, type IdleFlagRule } from "./idle-flags.js";
import { safeText } from "../util/safe-text.js";

export interface ApplyOptions extends SourceOptions {
  autoApprove?: boolean;
  json?: boolean;
  wait?: boolean;
  timeout?: string;
  parallelism?: number;
  rate?: number;
  pull?: string;
  pullParallelism?: number;
}

/** `reelform apply <manifest-or-plan>`: plan (or load a saved plan), confirm, submit, record. */
export async function run(ctx: CommandContext, target: string, opts: ApplyOptions): CommandResult {
  refuseIdleFlags("apply", [timeoutRule(opts)]);
  const providers = providerRegistry(ctx.env);
  const flags = { parallelism: opts.parallelism, rate: opts.rate };
  const waitTimeoutMs = opts.timeout === undefined ? undefined : parseDuration(opts.timeout, "--timeout");
  const pull = pullOptions(ctx, opts);
  resolveRunSettings({ env: ctx.env, flags }); // a malformed REELFORM_RATE fails before anything else
  const source = await resolveApplySource(ctx, target, opts);
  if (source.kind === "saved-plan") refuseIdleFlags("apply", savedPlanRules(target, opts));
  printDiagnostics(source.warnings, { stream: ctx.stderr, env: ctx.env });
  const reporter = createApplyReporter(ctx, { json: opts.json === true });
  const lock = await acquireLock(source.lockfilePath, `apply ${target}`);
  try {
    if (lock.tookOver) reporter.notice("lock", `took over the lock of pid ${lock.tookOver.pid} (${lock.tookOver.owner}@${lock.tookOver.host}), which is no longer running`);
    await recoverCrashedRun(ctx, source.lockfilePath, reporter);
    await lookUpLostTaskIds(source.lockfilePath, { providers, notice: (kind, message) => reporter.notice(kind, message), describe: formatSessionRecovery, signal: ctx.abortSignal });
    const { plan, settings: manifestSettings, lockfile, resolvedConflict, provider: providerName } = await source.plan(warnOn(ctx));
    if (resolvedConflict && lockfile) await writeLockfile(source.lockfilePath, lockfile);
    checkBudget(plan, opts.maxCost);
    checkResends(plan, providerName);
    // Built before the plan is shown: a missing or malformed credential stops here, before anything is sent.
    const provider = hasPendingChanges(plan.entries) ? providers.submitter(providerName, manifestSettings.subAppId) : undefined;
    showPlan(ctx, plan, reporter);
    if (!provider) {
      reporter.notice("plan", "No changes: nothing to submit.");
      return opts.wait ? await waitForTasks(ctx, source, providers, { json: opts.json, timeoutMs: waitTimeoutMs, pull }, ExitCode.ok) : ExitCode.ok;
    }
    if (!(await approved(ctx, source, opts))) {
      ctx.stdout.write("Apply cancelled.\n");
      return ExitCode.error;
    }
    const settings = resolveRunSettings({ manifest: manifestSettings, env: ctx.env, flags });
    const applyExit = await submitPlan(ctx, plan, { provider, providers, settings, source, reporter, lockfile });
    return opts.wait ? await waitForTasks(ctx, source, providers, { json: opts.json, timeoutMs: waitTimeoutMs, pull }, applyExit) : applyExit;
  } finally {
    await lock.release();
  }
}

async function recoverCrashedRun(ctx: CommandContext, lockfilePath: string, reporter: ApplyReporter): Promise<void> {
  const recovery = await recoverJournal(lockfilePath, [], { warn: warnOn(ctx) });
  if (!recovery) return;
  reporter.notice("recovered", recoveryNotice(recovery, (p) => displayPath(p, ctx.cwd)));
}

/** As plan: an estimate over the budget (--max-cost, or the manifest's) stops before anything is sent. */
function checkBudget(plan: Plan, maxCost: number | undefined): void {
  const summary = maxCost === undefined ? plan.summary : { ...plan.summary, budget: maxCost };
  const problem = budgetProblem(summary);
  if (problem) throw new UserError(`${problem}: nothing was submitted`);
}

/** A saved plan made under another provider must not re-send an in-doubt request through this one. */
function checkResends(plan: Plan, provider: ProviderName): void {
  const keys = resentThroughOtherProvider(plan.entries, provider);
  if (keys.length === 0) return;
  throw new UserError(
    `the plan re-sends ${keys.join(", ")} (in doubt), sent through another provider than ${provider}: a re-send there could create a second task. ` +
      `Plan again with the provider you want, or apply with the provider that sent them: nothing was submitted`,
  );
}

function showPlan(ctx: CommandContext, plan: Plan, reporter: ApplyReporter): void {
  for (const warning of plan.warnings ?? []) ctx.stderr.write(`reelform: warning: ${safeText(warning)}\n`);
  if (reporter.json) {
    ctx.stdout.write(formatEventJson({ event: "plan", campaign: plan.campaign, counts: plan.summary.counts }, systemClock.now()));
    return;
  }
  const text = renderPlanText(plan, { color: ctx.color });
  ctx.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** A saved plan was reviewed already; --auto-approve says so; otherwise ask on the terminal. */
async function approved(ctx: CommandContext, source: ApplySource, opts: ApplyOptions): Promise<boolean> {
  if (opts.autoApprove || source.kind === "saved-plan") return true;
  return confirmApply(ctx, source.manifestLabel);
}

interface SubmitDeps {
  /** Where new requests go. */
  provider: Provider;
  /** Every provider by origin (recovery by session after the run). */
  providers: ProviderRegistry;
  settings: RunSettings;
  source: ApplySource;
  reporter: ApplyReporter;
  /** The lockfile the plan was made against (unchanged since: the apply lock is held). */
  lockfile: Lockfile | null;
}

async function submitPlan(ctx: CommandContext, plan: Plan, deps: SubmitDeps): Promise<number> {
  const { source, reporter } = deps;
  const target = { lockfilePath: source.lockfilePath, manifestLabel: source.manifestLabel, label: (p: string) => displayPath(p, ctx.cwd), stderr: ctx.stderr };
  const run = await runJournaled(plan, deps.lockfile, deps.settings, target, {
    client: (body, signal) => deps.provider.create(body, signal),
    origin: deps.provider.origin,
    clock: systemClock,
    emit: (event) => reporter.emit(event),
    stopSignal: ctx.stopSignal,
    abortSignal: ctx.abortSignal,
    afterRequests: () => reporter.finish(),
  });
  if (run.savedTo === "lockfile") {
    // Duplicates and in-doubt answers of this very run: their TaskIds can be found now, not next time.
    await lookUpLostTaskIds(source.lockfilePath, { providers: deps.providers, notice: (kind, message) => reporter.notice(kind, message), describe: formatSessionRecovery, signal: ctx.abortSignal });
  }
  if (!reporter.json) ctx.stdout.write(formatSummary(run.summary, source.manifestLabel));
  if (run.journalFailed && run.savedTo === "lockfile") {
    ctx.stderr.write(`reelform: every answer of this run is recorded in ${target.label(source.lockfilePath)}; free some disk space, then run apply again for the rest\n`);
  }
  return run.savedTo !== "lockfile" || run.journalFailed ? ExitCode.writeFailed : exitCodeFor(run.summary);
}

/**
 * --wait: follow the submitted tasks until they end (status's engine), still holding the apply lock.
 * An apply that already failed or was interrupted keeps its own exit code.
 */
async function waitForTasks(
  ctx: CommandContext,
  source: ApplySource,
  providers: ProviderRegistry,
  opts: { json?: boolean; timeoutMs?: number; pull: ReturnType<typeof pullOptions> },
  applyExit: number,
): Promise<number> {
  // Interrupted, or the disk is full (following would only write the lockfile again): stop here.
  if (applyExit === ExitCode.interrupted || applyExit === ExitCode.writeFailed || ctx.stopSignal.aborted) return applyExit;
  const { timeoutMs } = opts;
  const followed = await followTasks(ctx, source.lockfilePath, {
    manifest: source.manifestLabel,
    wait: true,
    json: opts.json ? "event" : false, // the last line of apply's NDJSON stream
    providers,
    store: fileLockfileStore("apply --wait", { lockHeld: true }),
    ...opts.pull,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return applyExit !== ExitCode.ok ? applyExit : followed.exitCode;
}

/** A saved plan carries the selection it was made with: selection flags given to apply would be ignored. */
function savedPlanRules(planFile: string, opts: ApplyOptions): IdleFlagRule[] {
  const why = `${planFile} is a saved plan, which keeps the selection it was made with (run plan again with this flag and --out, or apply the manifest instead)`;
  const given: [string, boolean][] = [
    ["--target", (opts.target ?? []).length > 0],
    ["--exclude", (opts.exclude ?? []).length > 0],
    ["--replace", (opts.replace ?? []).length > 0],
    ["--retry-failed", Boolean(opts.retryFailed)],
    ["--retry-all-failed", Boolean(opts.retryAllFailed)],
    ["--prices", opts.prices !== undefined],
    ["--allow-campaign-mismatch", Boolean(opts.allowCampaignMismatch)],
  ];
  return given.map(([flag, idle]) => ({ flag, idle, why }));
}
