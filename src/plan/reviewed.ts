// Review verdicts in the plan: a rejected current generation becomes a new generation (~) with the
// reviewer's note; an approved one is kept when only the manifest changed (unless --replace names it);
// a verdict for a generation the lockfile no longer holds is reported, never applied. Pure.
import type { ExpandedRequest } from "../expand/types.js";
import { describeFailedCheck, failedChecks } from "../lockfile/checks.js";
import { isRetired, type LockEntry } from "../lockfile/types.js";
import type { Verdict } from "../review/verdicts.js";
import { classifyRequest, type ClassifyContext } from "./classify.js";
import type { PlanEntry, PlanReview } from "./types.js";

/** The verdicts of a review file, by key; plus what could not be applied. */
export class VerdictIndex {
  private readonly byKey = new Map<string, Verdict[]>();
  private readonly used = new Set<Verdict>();

  constructor(verdicts: readonly Verdict[]) {
    for (const v of verdicts) this.byKey.set(v.key, [...(this.byKey.get(v.key) ?? []), v]);
  }

  /** The verdict on the generation the lockfile records now for this key (undefined: none). */
  current(key: string, recorded: LockEntry | undefined): Verdict | undefined {
    const verdicts = this.byKey.get(key) ?? [];
    for (const v of verdicts) if (recorded && generationExists(v, recorded)) this.used.add(v);
    return recorded ? verdicts.find((v) => isOf(v, recorded)) : undefined;
  }

  /** One warning per verdict whose generation the lockfile no longer has (a key dropped, a generation lost). */
  stale(recorded: Readonly<Record<string, LockEntry>>, selected: (key: string) => boolean): string[] {
    const warnings: string[] = [];
    for (const [key, verdicts] of this.byKey) {
      if (!selected(key)) continue;
      const entry = Object.hasOwn(recorded, key) ? recorded[key] : undefined;
      for (const v of verdicts) {
        if (!this.used.has(v) && !(entry && generationExists(v, entry))) warnings.push(staleWarning(v));
      }
    }
    return warnings;
  }
}

function isOf(v: Verdict, generation: Pick<LockEntry, "generation" | "task_id">): boolean {
  return v.generation === generation.generation && (v.task_id === undefined || v.task_id === generation.task_id);
}

function generationExists(v: Verdict, entry: LockEntry): boolean {
  return isOf(v, entry) || (entry.earlier ?? []).some((g) => isOf(v, g));
}

function staleWarning(v: Verdict): string {
  return `review verdict "${v.verdict}" for ${v.key} generation ${v.generation}${v.task_id ? ` (task ${v.task_id})` : ""} is not applied: the lockfile has no such generation`;
}

/**
 * The plan entry of a key whose current generation has a verdict. --replace (ctx.forced) always wins: the
 * reviewer's verdict is then only shown.
 */
export function classifyReviewed(
  request: ExpandedRequest,
  recorded: LockEntry,
  verdict: Verdict,
  ctx: ClassifyContext,
): PlanEntry {
  const review = planReview(verdict);
  if (ctx.forced) return { ...classifyRequest(request, recorded, ctx), review };
  if (verdict.verdict === "rejected") {
    const replaced = classifyRequest(request, recorded, { ...ctx, forced: true });
    return { ...replaced, reason: `rejected in review${review.note ? `: ${review.note}` : ""}`, review };
  }
  const planned = classifyRequest(request, recorded, ctx);
  if (planned.mark !== "replace") return { ...planned, review };
  const failed = recorded.hash === request.hash ? failedChecks(recorded) : [];
  const reason =
    failed.length > 0
      ? `kept: approved in review, which outranks the failed check ${failed.map(describeFailedCheck).join("; ")} (--replace KEY generates it again)`
      : "kept: approved in review (the request changed; --replace KEY generates it again)";
  return {
    ...planned,
    mark: "unchanged",
    action: isRetired(recorded) ? "restore" : "none",
    generation: recorded.generation,
    session_id: null,
    body: null,
    seconds: 0,
    reason,
    review,
  };
}

function planReview(v: Verdict): PlanReview {
  const note = v.note === undefined ? undefined : oneLine(v.note);
  return {
    verdict: v.verdict,
    generation: v.generation,
    ...(note ? { note } : {}),
    ...(v.by ? { by: oneLine(v.by) } : {}),
    at: v.at,
  };
}

/** A note is shown on one plan line: newlines and control characters become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
}
