import { resolve } from "node:path";
import { confirmApply } from "../report/confirm.js";
import type { JournaledRun } from "../apply/journaled-run.js";
import { runApply, type ApplyHooks } from "../apply/run.js";
import { formatSessionRecovery } from "../report/session-recovery.js";
import { resolveRunSettings } from "../apply/settings.js";
import { settingsOf } from "../config/command-settings.js";
import { resolveApplySource, type ApplySource, type SourceOptions } from "../apply/source.js";
import { ExitCode } from "../errors.js";
import type { Plan } from "../plan/types.js";
import { providerRegistry, type ProviderRegistry } from "../provider/registry.js";
import { printDiagnostics } from "../report/diagnostics.js";
import {
  printApplyCancelled,
  printApplyPlanEvent,
  printJournalOutage,
  printRunSummary,
} from "../report/apply-lines.js";
import { printApplyPlan, printPlanWarnings } from "../report/plan-output.js";
import { createApplyReporter, type ApplyReporter } from "../report/apply-reporter.js";
import { systemClock } from "../sched/clock.js";
import { displayPath } from "../util/paths.js";
import { parseDuration } from "../status/duration.js";
import { followTasks } from "./follow.js";
import { pullOptions } from "./status.js";
import { stateLockfileStore } from "../status/store.js";
import { openState } from "../state/open.js";
import { accountOf } from "../state/shared-budget.js";
import { landedCheckOptions } from "./check.js";
import type { CommandContext, CommandResult } from "../command-context.js";
import { warnOn } from "../report/warnings.js";
import { refuseIdleFlags, timeoutRule, type IdleFlagRule } from "./idle-flags.js";

export interface ApplyOptions extends SourceOptions {
  autoApprove?: boolean;
  json?: boolean;
  wait?: boolean;
  timeout?: string;
  parallelism?: number;
  rate?: number;
  pull?: string;
  pullParallelism?: number;
  check?: boolean;
}

/** `reelform apply <manifest-or-plan>`: flags and the source here; the sequence is apply/run.ts (runApply). */
export async function run(ctx: CommandContext, target: string, opts: ApplyOptions): CommandResult {
  refuseIdleFlags("apply", [timeoutRule(opts)]);
  const settings = settingsOf(ctx);
  const providers = providerRegistry(settings, systemClock);
  const flags = { parallelism: opts.parallelism, rate: opts.rate };
  const waitTimeoutMs = opts.timeout === undefined ? undefined : parseDuration(opts.timeout, "--timeout");
  const pull = pullOptions(ctx, opts);
  resolveRunSettings({ env: settings, flags }); // a malformed REELFORM_RATE fails before anything else
  const source = await resolveApplySource(
    {
      ...ctx,
      settings,
      openState: (paths) => openState(settings, paths, systemClock),
      now: () => systemClock.now(),
    },
    target,
    opts,
  );
  if (source.kind === "saved-plan") refuseIdleFlags("apply", savedPlanRules(target, opts));
  printDiagnostics(source.warnings, { stream: ctx.stderr, env: ctx.env });
  const reporter = createApplyReporter(ctx, { json: opts.json === true, now: () => systemClock.now() });
  const account = (provider: string): string => accountOf(settings, provider);
  const request = {
    source,
    target,
    cwd: ctx.cwd,
    settings,
    flags,
    maxCost: opts.maxCost,
    autoApprove: opts.autoApprove,
    wait: opts.wait,
    providers,
    account,
    clock: systemClock,
  };
  const signals = { stderr: ctx.stderr, stopSignal: ctx.stopSignal, abortSignal: ctx.abortSignal };
  // Compiled before anything is sent: a manifest that cannot give check settings stops here.
  const check = opts.check ? await landedCheckOptions(ctx, resolve(ctx.cwd, source.manifestLabel), opts) : undefined;
  const follow = { json: opts.json, timeoutMs: waitTimeoutMs, pull, check };
  const outcome = await runApply({ ...request, ...signals }, applyHooks(ctx, source, providers, reporter, follow));
  if (outcome.kind === "refused") throw outcome.error;
  if (outcome.kind === "done") return outcome.exit;
  printApplyCancelled(ctx);
  return ExitCode.error;
}

interface FollowOptions {
  json?: boolean;
  timeoutMs?: number;
  pull: ReturnType<typeof pullOptions>;
  check: Awaited<ReturnType<typeof landedCheckOptions>> | undefined;
}

/** What apply shows, asks and follows, for the use case in apply/run.ts. */
function applyHooks(
  ctx: CommandContext,
  source: ApplySource,
  providers: ProviderRegistry,
  reporter: ApplyReporter,
  follow: FollowOptions,
): ApplyHooks {
  return {
    notice: (kind, message) => reporter.notice(kind, message),
    warnings: () => warnOn(ctx),
    describeRecovery: formatSessionRecovery,
    showPlan: (plan) => showPlan(ctx, plan, reporter),
    confirm: () => confirmApply(ctx, source.manifestLabel),
    emit: (event) => reporter.emit(event),
    afterRequests: () => reporter.finish(),
    submitted: (run) => showSubmitted(ctx, source, reporter, run),
    follow: () => followApplied(ctx, source, providers, follow),
  };
}

function showPlan(ctx: CommandContext, plan: Plan, reporter: ApplyReporter): void {
  printPlanWarnings(ctx, plan);
  if (reporter.json) printApplyPlanEvent(ctx, plan, systemClock.now());
  else printApplyPlan(ctx, plan);
}

function showSubmitted(ctx: CommandContext, source: ApplySource, reporter: ApplyReporter, run: JournaledRun): void {
  if (!reporter.json) printRunSummary(ctx, run.summary, source.manifestLabel);
  if (run.journalFailed && run.savedTo === "lockfile") {
    const where = source.state.recordIsFile ? displayPath(source.state.recordName, ctx.cwd) : source.state.recordName;
    printJournalOutage(ctx, where, source.state.outageAdvice);
  }
}

/** --wait: status's engine, with the apply lock still held (apply/run.ts decides whether to follow). */
async function followApplied(
  ctx: CommandContext,
  source: ApplySource,
  providers: ProviderRegistry,
  opts: FollowOptions,
): Promise<number> {
  const { timeoutMs } = opts;
  const followed = await followTasks(ctx, source.state, {
    manifest: source.manifestLabel,
    wait: true,
    json: opts.json ? "event" : false, // the last line of apply's NDJSON stream
    providers,
    store: stateLockfileStore(source.state, "apply --wait", { lockHeld: true, clock: systemClock, keepWritten: true }),
    ...opts.pull,
    ...(opts.check ? { check: opts.check } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return followed.exitCode;
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
    ["--replace-failed-checks", Boolean(opts.replaceFailedChecks)],
    ["--prices", opts.prices !== undefined],
    ["--allow-campaign-mismatch", Boolean(opts.allowCampaignMismatch)],
  ];
  return given.map(([flag, idle]) => ({ flag, idle, why }));
}
