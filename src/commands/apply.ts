import { confirmApply } from "../apply/confirm.js";
import { executeSubmissions } from "../apply/executor.js";
import { foldJournal } from "../apply/fold.js";
import { submitItemsFor } from "../apply/items.js";
import { journalPathFor, JournalWriter, removeJournal } from "../apply/journal.js";
import type { JournalRecord } from "../apply/records.js";
import { recoverJournal } from "../apply/recover.js";
import { resolveRunSettings, type RunSettings } from "../apply/settings.js";
import { resolveApplySource, type ApplySource, type SourceOptions } from "../apply/source.js";
import { exitCodeFor } from "../apply/summary.js";
import { ExitCode, UserError } from "../errors.js";
import { parseLockfileBytes, readLockfileBytes, writeLockfile } from "../lockfile/io.js";
import type { Lockfile } from "../lockfile/types.js";
import { acquireLock } from "../lockfile/mutex.js";
import { renderPlanText } from "../plan/render-text.js";
import { budgetProblem, hasPendingChanges } from "../plan/summary.js";
import type { Plan } from "../plan/types.js";
import { providerRegistry, type ProviderRegistry } from "../provider/registry.js";
import { recoverBySession } from "../provider/session-recovery.js";
import type { Provider, ProviderName } from "../provider/types.js";
import { resentThroughOtherProvider } from "../plan/provider-switch.js";
import { formatSessionRecovery } from "../report/session-recovery.js";
import { printDiagnostics } from "../report/diagnostics.js";
import { formatEventJson } from "../report/apply-json.js";
import { formatSummary } from "../report/apply-lines.js";
import { createApplyReporter, type ApplyReporter } from "../report/apply-reporter.js";
import { systemClock } from "../sched/clock.js";
import { parseDuration } from "../status/duration.js";
import { followTasks } from "../status/follow.js";
import { pullOptions } from "./status.js";
import { fileLockfileStore } from "../status/store.js";
import type { CommandContext, CommandResult } from "./context.js";

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
  const providers = providerRegistry(ctx.env);
  const flags = { parallelism: opts.parallelism, rate: opts.rate };
  const waitTimeoutMs = opts.timeout === undefined ? undefined : parseDuration(opts.timeout, "--timeout");
  const pull = pullOptions(ctx, opts);
  resolveRunSettings({ env: ctx.env, flags }); // a malformed REELFORM_RATE fails before anything else
  const source = await resolveApplySource(ctx, target, opts);
  printDiagnostics(source.warnings, { stream: ctx.stderr, env: ctx.env });
  const reporter = createApplyReporter(ctx, { json: opts.json === true });
  const lock = await acquireLock(source.lockfilePath, `apply ${target}`);
  try {
    if (lock.tookOver) reporter.notice("lock", `took over the lock of pid ${lock.tookOver.pid} (${lock.tookOver.owner}@${lock.tookOver.host}), which is no longer running`);
    await recoverCrashedRun(source.lockfilePath, reporter);
    await recoverSessions(ctx, source.lockfilePath, providers, reporter);
    const { plan, settings: manifestSettings, lockfile, provider: providerName } = await source.plan();
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
      return 1;
    }
    const settings = resolveRunSettings({ manifest: manifestSettings, env: ctx.env, flags });
    const applyExit = await submitPlan(ctx, plan, { provider, providers, settings, source, reporter, lockfile });
    return opts.wait ? await waitForTasks(ctx, source, providers, { json: opts.json, timeoutMs: waitTimeoutMs, pull }, applyExit) : applyExit;
  } finally {
    await lock.release();
  }
}

async function recoverCrashedRun(lockfilePath: string, reporter: ApplyReporter): Promise<void> {
  const recovery = await recoverJournal(lockfilePath);
  if (!recovery) return;
  reporter.notice(
    "recovered",
    `recovered the journal of an interrupted run: ${recovery.recorded} outcome(s) recorded, ${recovery.inDoubt} request(s) in doubt (?)` +
      (recovery.skippedLines ? `, ${recovery.skippedLines} torn line(s) ignored` : ""),
  );
}

/** As plan: an estimate over the budget (--max-cost, or the manifest's) stops before anything is sent. */
function checkBudget(plan: Plan, maxCost: number | undefined): void {
  const summary = maxCost === undefined ? plan.summary : { ...plan.summary, budget: maxCost };
  const problem = budgetProblem(summary);
  if (problem) throw new UserError(`${problem}: nothing was submitted`);
}

/** The lockfile, only when it has tencent entries: a gateway-only lockfile is not parsed twice for nothing. */
async function readTencentLockfile(lockfilePath: string): Promise<Lockfile | null> {
  const raw = await readLockfileBytes(lockfilePath);
  return raw && raw.bytes.includes('"provider": "tencent"') ? parseLockfileBytes(raw.bytes, lockfilePath) : null;
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
  for (const warning of plan.warnings ?? []) ctx.stderr.write(`reelform: warning: ${warning}\n`);
  if (reporter.json) {
    ctx.stdout.write(formatEventJson({ event: "plan", campaign: plan.campaign, counts: plan.summary.counts }, Date.now()));
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
  const journalPath = journalPathFor(source.lockfilePath);
  const journal = await JournalWriter.open(journalPath);
  const begin: JournalRecord = { t: "begin", campaign: plan.campaign, at: new Date().toISOString() };
  await journal.append(begin);
  const origin = deps.provider.origin;
  const items = submitItemsFor(plan.entries, plan.campaign).map((item) => ({ ...item, origin }));
  const result = await executeSubmissions(items, deps.settings, {
    client: (body, signal) => deps.provider.create(body, signal),
    clock: systemClock,
    journal,
    emit: (event) => reporter.emit(event),
    stopSignal: ctx.stopSignal,
    abortSignal: ctx.abortSignal,
  });
  await journal.close();
  await reporter.finish();
  const folded = foldJournal(deps.lockfile, plan, [begin, ...result.records]);
  await writeLockfile(source.lockfilePath, folded);
  await removeJournal(journalPath);
  // Duplicates and in-doubt answers of this very run: their TaskIds can be found now, not next time.
  await recoverSessions(ctx, source.lockfilePath, deps.providers, reporter, folded);
  if (!reporter.json) ctx.stdout.write(formatSummary(result.summary, source.manifestLabel));
  return exitCodeFor(result.summary);
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
  if (applyExit === ExitCode.interrupted || ctx.stopSignal.aborted) return applyExit;
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

/**
 * Entries whose TaskId never reached us, looked up by session_id where their provider can list tasks
 * (tencent): found TaskIds are recorded before the plan decides what to re-send. Lock held.
 */
async function recoverSessions(ctx: CommandContext, lockfilePath: string, providers: ProviderRegistry, reporter: ApplyReporter, known?: Lockfile): Promise<void> {
  const lockfile = known ?? (await readTencentLockfile(lockfilePath));
  if (!lockfile) return;
  let recovery: Awaited<ReturnType<typeof recoverBySession>>;
  try {
    recovery = await recoverBySession(lockfile, providers, Date.now(), ctx.abortSignal);
  } catch (error) {
    // The provider of those entries is not configured here (say, their credentials are not set): they stay
    // as they are, and the plan does not re-send them through another provider.
    if (!(error instanceof UserError)) throw error;
    reporter.notice("recovered", `entries without a TaskId were not looked up by session_id: ${error.message}`);
    return;
  }
  if (!recovery) return;
  if (recovery.report.found.length > 0) await writeLockfile(lockfilePath, recovery.lockfile);
  reporter.notice("recovered", formatSessionRecovery(recovery.report));
}
