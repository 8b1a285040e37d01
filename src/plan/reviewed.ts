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
  /** Verdicts that name their task, by TaskId: a key renamed since the verdict still has that task. */
  private readonly byTask = new Map<string, Verdict[]>();
  private readonly used = new Set<Verdict>();
  /** Every TaskId the recorded set holds (current and earlier), made only when a verdict's key has none. */
  private recordedTasks: Set<string> | undefined;

  constructor(verdicts: readonly Verdict[]) {
    for (const v of verdicts) {
      this.byKey.set(v.key, [...(this.byKey.get(v.key) ?? []), v]);
      if (v.task_id !== undefined) this.byTask.set(v.task_id, [...(this.byTask.get(v.task_id) ?? []), v]);
    }
  }

  /**
   * The verdict on the generation the lockfile records now for this key (undefined: none): one given under
   * this key, else one given to the same task under the key's earlier name (`renamed_from`, `moved:`). Without
   * the second, an apply that records a rename keeps an approved video, and the next plan, no longer seeing
   * the verdict under the new name, replaces it.
   */
  current(key: string, recorded: LockEntry | undefined): Verdict | undefined {
    const verdicts = this.byKey.get(key) ?? [];
    for (const v of verdicts) if (recorded && generationExists(v, recorded)) this.used.add(v);
    if (!recorded) return undefined;
    const own = verdicts.find((v) => isOf(v, recorded));
    if (own !== undefined || recorded.task_id === undefined) return own;
    const renamed = (this.byTask.get(recorded.task_id) ?? []).find((v) => isOf(v, recorded));
    if (renamed !== undefined) this.used.add(renamed);
    return renamed;
  }

  /** One warning per verdict whose generation the lockfile no longer has (a key dropped, a generation lost). */
  stale(recorded: Readonly<Record<string, LockEntry>>, selected: (key: string) => boolean): string[] {
    const warnings: string[] = [];
    for (const [key, verdicts] of this.byKey) {
      if (!selected(key)) continue;
      const entry = Object.hasOwn(recorded, key) ? recorded[key] : undefined;
      for (const v of verdicts) {
        if (this.used.has(v) || (entry && generationExists(v, entry))) continue;
        // The key was renamed since: its task is still recorded (under the new key).
        if (v.task_id !== undefined && this.tasksOf(recorded).has(v.task_id)) continue;
        warnings.push(staleWarning(v));
      }
    }
    return warnings;
  }

  private tasksOf(recorded: Readonly<Record<string, LockEntry>>): Set<string> {
    if (this.recordedTasks) return this.recordedTasks;
    const tasks = new Set<string>();
    for (const key of Object.keys(recorded)) {
      const entry = recorded[key] as LockEntry;
      for (const g of [...(entry.earlier ?? []), entry]) if (g.task_id !== undefined) tasks.add(g.task_id);
    }
    this.recordedTasks = tasks;
    return tasks;
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
