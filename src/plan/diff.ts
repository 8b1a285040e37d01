// Desired set (expanded manifest) against recorded set (lockfile), by key and body hash. Pure.
import type { ExpandedManifest } from "../expand/types.js";
import { UserError } from "../errors.js";
import { sortByCodePoints } from "../lockfile/json-text.js";
import { isRetired, type LockEntry, type Lockfile } from "../lockfile/types.js";
import type { PriceTable } from "../manifest/types.js";
import type { Verdict } from "../review/verdicts.js";
import { classifyRequest, orphanEntry } from "./classify.js";
import { providerSwitchWarnings } from "./provider-switch.js";
import type { ProviderName } from "../provider/types.js";
import { classifyReviewed, VerdictIndex } from "./reviewed.js";
import type { Selection } from "./plan-command.js";
import { compileSelection } from "./select.js";
import { movedEntry, resolveMoves } from "./moves.js";
import { summarizePlan } from "./summary.js";
import { PLAN_FORMAT_VERSION, type Plan, type PlanEntry } from "./types.js";

export interface DiffOptions extends Selection {
  /** Price table (--prices FILE); default the manifest's (settings.prices). */
  prices?: PriceTable;
  /** How the plan names the manifest and lockfile (e.g. relative to the current directory); default their paths. */
  manifestLabel?: string;
  lockfileLabel?: string;
  /** The current time (ms): in-doubt entries older than the API's dedup window are not re-sent. Omitted: no check. */
  now?: number;
  /** The provider apply would submit to; entries another provider created are never re-sent through it. Default gateway. */
  provider?: ProviderName;
  /** Review verdicts (launch.review.yaml): rejected current generations are replaced, approved ones kept. */
  verdicts?: readonly Verdict[];
}

/** Desired set against recorded set, by key and body hash. Pure: no I/O, no clock. */
export function diffAgainstLockfile(expanded: ExpandedManifest, lockfile: Lockfile | null, options: DiffOptions): Plan {
  checkCampaign(expanded, lockfile, options);
  const selection = compileSelection(options);
  const recorded = lockfile?.entries ?? {};
  const recordedEntry = entryLookup(recorded);
  const entries: PlanEntry[] = [];
  const verdicts = options.verdicts && options.verdicts.length > 0 ? new VerdictIndex(options.verdicts) : undefined;
  const replaceFailedChecks = failedCheckPolicy(expanded, options);
  const moves = resolveMoves(expanded.moves ?? [], recorded);
  // Two contexts for every request (forced by --replace or not), not one object per request.
  const context = {
    campaign: expanded.campaign,
    forced: false,
    retryFailed: options.retryFailed === true,
    retryAllFailed: options.retryAllFailed === true,
    now: options.now,
    provider: options.provider ?? "gateway",
    replaceFailedChecks,
  };
  const forcedContext = { ...context, forced: true };
  // Requests whose own key is recorded. Request keys are unique (expansion refuses a key made twice), so when
  // these are as many as the recorded keys, no recorded key is an orphan, and no set of wanted keys is built.
  let recordedWanted = 0;
  for (const request of expanded.requests) {
    const movedFrom = moves.into.get(request.key);
    const recordedAs = movedFrom ?? request.key;
    const previous = recordedEntry(recordedAs);
    if (movedFrom === undefined ? previous !== undefined : recordedEntry(request.key) !== undefined) recordedWanted++;
    if (!selection.includes(request.key)) continue;
    const forced = previous !== undefined && selection.forcesReplace(request.key);
    const ctx = forced ? forcedContext : context;
    const verdict = verdicts?.current(recordedAs, previous);
    const entry =
      previous && verdict ? classifyReviewed(request, previous, verdict, ctx) : classifyRequest(request, previous, ctx);
    entries.push(movedFrom === undefined ? entry : movedEntry(entry, movedFrom));
  }
  // Keys only (not [key, entry] pairs): 500,000 recorded entries, nearly all of them wanted.
  const recordedKeys = Object.keys(recorded);
  if (recordedWanted < recordedKeys.length) {
    const wanted = new Set<string>();
    for (const request of expanded.requests) wanted.add(request.key);
    for (const key of recordedKeys) {
      if (wanted.has(key) || moves.from.has(key)) continue;
      const entry = recorded[key] as LockEntry;
      if (!isRetired(entry) && selection.includes(key, "orphan")) entries.push(orphanEntry(key, entry));
    }
  }
  sortByCodePoints(entries, (e) => e.key);
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    campaign: expanded.campaign,
    manifest: options.manifestLabel ?? expanded.manifestPath,
    lockfile: options.lockfileLabel ?? expanded.lockfilePath,
    entries,
    summary: summarizePlan(
      entries,
      options.prices ?? expanded.settings.prices,
      options.maxCost ?? expanded.settings.budget,
    ),
  };
  const warnings = [
    ...moves.warnings,
    ...selection.unmatched(),
    ...providerSwitchWarnings(entries, options.provider ?? "gateway"),
    ...(verdicts?.stale(recorded, (key) => selection.includes(key)) ?? []),
  ];
  if (warnings.length > 0) plan.warnings = warnings;
  return plan;
}

/**
 * The entry recorded under a key, never a member of Object.prototype ("constructor"). Entries as the lockfile
 * is read have no prototype, and one lookup is enough (500,000 of them); hand-built ones are asked hasOwn.
 */
function entryLookup(recorded: Readonly<Record<string, LockEntry>>): (key: string) => LockEntry | undefined {
  if (Object.getPrototypeOf(recorded) === null) return (key) => recorded[key];
  return (key) => (Object.hasOwn(recorded, key) ? recorded[key] : undefined);
}

/** Default cap on generations when failed checks are replaced (the manifest's max_generations overrides it). */
const DEFAULT_MAX_GENERATIONS = 3;

function failedCheckPolicy(
  expanded: ExpandedManifest,
  options: DiffOptions,
): { maxGenerations: number; by: string } | undefined {
  const by = options.replaceFailedChecks
    ? "--replace-failed-checks"
    : expanded.settings.replaceFailedChecks
      ? "on_failed_check: replace"
      : undefined;
  return by === undefined
    ? undefined
    : { maxGenerations: expanded.settings.maxGenerations ?? DEFAULT_MAX_GENERATIONS, by };
}

function checkCampaign(expanded: ExpandedManifest, lockfile: Lockfile | null, options: DiffOptions): void {
  if (!lockfile || lockfile.campaign === expanded.campaign || options.allowCampaignMismatch) return;
  throw new UserError(
    `${options.lockfileLabel ?? expanded.lockfilePath} records campaign "${lockfile.campaign}" but ${options.manifestLabel ?? expanded.manifestPath} says "${expanded.campaign}": ` +
      "was the campaign renamed, or the lockfile copied from another manifest? Pass --allow-campaign-mismatch to plan against it anyway (new requests get session ids of the manifest's campaign)",
  );
}
