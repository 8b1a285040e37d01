// The apply use case: with the apply lock held, recover a crashed run, look up lost TaskIds, plan, check,
// confirm, submit through the journal and (--wait) follow the tasks. What is shown, asked or followed is
// done by the caller's hooks (commands/apply.ts), so nothing here prints or knows about status.
import { ExitCode, type UserError } from "../errors.js";
import { hasPendingChanges } from "../plan/summary.js";
import type { Plan } from "../plan/types.js";
import type { ProviderRegistry } from "../provider/registry.js";
import type { Provider, ProviderName } from "../provider/types.js";
import type { SessionRecoveryReport } from "../provider/session-recovery.js";
import type { Clock } from "../sched/clock.js";
import { displayPath } from "../util/paths.js";
import { budgetRefusal, resendRefusal } from "./checks.js";
import type { ApplyEvent } from "./events.js";
import { runJournaled, type JournaledRun } from "./journaled-run.js";
import { recoverJournal, recoveryNotice } from "./recover.js";
import { lookUpLostTaskIds } from "./session-lookup.js";
import { sharedQuerySlots } from "./shared-query-slots.js";
import { settingValue, STATUS_RATE, type EnvSource } from "../config/settings.js";
import { resolveRunSettings } from "./settings.js";
import type { ApplySource, PlannedApply } from "./source.js";
import { exitCodeFor } from "./summary.js";

export interface ApplyRequest {
  source: ApplySource;
  /** What the lock names as its holder: `apply <target>`. */
  target: string;
  cwd: string;
  /** The command's resolved settings (CommandContext.settings): the flags below are layered over them. */
  settings: EnvSource;
  /** --parallelism and --rate. */
  flags: { parallelism?: number; rate?: number };
  maxCost?: number;
  autoApprove?: boolean;
  wait?: boolean;
  providers: ProviderRegistry;
  /** The account a provider's requests draw on (a hash): runners on one account share its rate through shared state. */
  account?: (provider: ProviderName) => string;
  /** Where the answers go when nothing can be written to disk (printed records). */
  stderr: NodeJS.WritableStream;
  stopSignal: AbortSignal;
  abortSignal: AbortSignal;
  /** The command's clock: every wait and time of the run (src/sched). */
  clock: Clock;
}

/** What the caller shows, asks and follows. */
export interface ApplyHooks {
  notice(kind: string, message: string): void;
  /** A warning reporter for one reader (each shows a message once: recovery and plan each get their own). */
  warnings(): (message: string) => void;
  /** Words for what a lookup by session_id found. */
  describeRecovery(report: SessionRecoveryReport): string;
  showPlan(plan: Plan): void;
  /** Asked unless --auto-approve or a saved plan (reviewed already). */
  confirm(): Promise<boolean>;
  emit(event: ApplyEvent): void;
  /** The requests are done (e.g. end the progress display). */
  afterRequests(): Promise<void>;
  /** The run is recorded (before any --wait). */
  submitted(run: JournaledRun): void;
  /** --wait: follow the submitted tasks, lock still held; returns their exit code. */
  follow(): Promise<number>;
}

export type ApplyOutcome =
  /** A check stopped the apply before anything was sent. */
  { kind: "refused"; error: UserError } | { kind: "cancelled" } | { kind: "done"; exit: number };

export async function runApply(request: ApplyRequest, hooks: ApplyHooks): Promise<ApplyOutcome> {
  const lock = await request.source.state.lock(`apply ${request.target}`);
  try {
    if (lock.tookOver)
      hooks.notice(
        "lock",
        `took over the lock of pid ${lock.tookOver.pid} (${lock.tookOver.owner}@${lock.tookOver.host}), which is no longer running`,
      );
    await recoverCrashedRun(request, hooks);
    await lookUp(request, hooks);
    return await planAndSubmit(request, hooks);
  } finally {
    await lock.release();
  }
}

async function planAndSubmit(request: ApplyRequest, hooks: ApplyHooks): Promise<ApplyOutcome> {
  const { source } = request;
  const planned = await source.plan(hooks.warnings());
  if (planned.resolvedConflict && planned.lockfile) await source.state.write(planned.lockfile);
  const refusal = budgetRefusal(planned.plan, request.maxCost) ?? resendRefusal(planned.plan, planned.provider);
  if (refusal) return { kind: "refused", error: refusal };
  // Built before the plan is shown: a missing or malformed credential stops here, before anything is sent.
  const provider = hasPendingChanges(planned.plan.entries)
    ? request.providers.submitter(planned.provider, planned.settings.subAppId)
    : undefined;
  hooks.showPlan(planned.plan);
  if (!provider) {
    hooks.notice("plan", "No changes: nothing to submit.");
    return { kind: "done", exit: await waitIfAsked(request, hooks, ExitCode.ok) };
  }
  if (!(request.autoApprove || source.kind === "saved-plan" || (await hooks.confirm()))) return { kind: "cancelled" };
  const applyExit = await submit(request, hooks, planned, provider);
  return { kind: "done", exit: await waitIfAsked(request, hooks, applyExit) };
}

async function recoverCrashedRun(request: ApplyRequest, hooks: ApplyHooks): Promise<void> {
  const recovery = await recoverJournal(request.source.state, [], { warn: hooks.warnings() });
  if (!recovery) return;
  hooks.notice(
    "recovered",
    recoveryNotice(recovery, (p) => displayPath(p, request.cwd)),
  );
}

/**
 * The lookup by session_id lists the account's tasks: with a state database, each page waits for a slot of the
 * account's query rate (REELFORM_STATUS_RATE), shared with the other runners on that account.
 */
async function lookUp(request: ApplyRequest, hooks: ApplyHooks): Promise<void> {
  const { state } = request.source;
  // Only where the state shares a budget is the query rate read here (the lockfile keeps apply as it was).
  const shared = state.sharedBudget
    ? sharedQuerySlots(state, request.account, settingValue(STATUS_RATE, { env: request.settings }))
    : undefined;
  try {
    await lookUpLostTaskIds(state, {
      providers: request.providers,
      notice: hooks.notice,
      describe: hooks.describeRecovery,
      signal: request.abortSignal,
      clock: request.clock,
      ...(shared ? { slot: shared.slot } : {}),
    });
  } finally {
    await shared?.release();
  }
}

async function submit(
  request: ApplyRequest,
  hooks: ApplyHooks,
  planned: PlannedApply,
  provider: Provider,
): Promise<number> {
  const { source } = request;
  const settings = resolveRunSettings({ manifest: planned.settings, env: request.settings, flags: request.flags });
  const target = {
    state: source.state,
    manifestLabel: source.manifestLabel,
    label: (p: string) => displayPath(p, request.cwd),
    stderr: request.stderr,
  };
  const shared =
    request.account && settings.rate > 0
      ? source.state.sharedBudget?.(request.account(planned.provider), "create", settings.rate)
      : undefined;
  const run = await runJournaled(planned.plan, planned.lockfile, settings, target, {
    ...(shared ? { shared } : {}),
    client: (body, signal) => provider.create(body, signal),
    origin: provider.origin,
    clock: request.clock,
    emit: hooks.emit,
    stopSignal: request.stopSignal,
    abortSignal: request.abortSignal,
    afterRequests: async () => {
      await shared?.release();
      await hooks.afterRequests();
    },
  }).finally(() => shared?.release());
  // Duplicates and in-doubt answers of this very run: their TaskIds can be found now, not next time.
  if (run.savedTo === "lockfile") await lookUp(request, hooks);
  hooks.submitted(run);
  return run.savedTo !== "lockfile" || run.journalFailed ? ExitCode.writeFailed : exitCodeFor(run.summary);
}

/**
 * --wait: follow the submitted tasks until they end, still holding the apply lock. An apply that already
 * failed or was interrupted keeps its own exit code; interrupted, or with the disk full (following would
 * only write the lockfile again), it does not follow at all.
 */
async function waitIfAsked(request: ApplyRequest, hooks: ApplyHooks, applyExit: number): Promise<number> {
  if (!request.wait) return applyExit;
  if (applyExit === ExitCode.interrupted || applyExit === ExitCode.writeFailed || request.stopSignal.aborted)
    return applyExit;
  const followed = await hooks.follow();
  return applyExit !== ExitCode.ok ? applyExit : followed;
}
