// Changing verdicts: one click on the page (setVerdict), or a whole downloaded file (mergeReviews).
import { sortVerdicts } from "./review-text.js";
import { verdictId, type ReviewFile, type Verdict } from "./verdicts.js";

/** Sets (or, with verdict null, clears) the verdict of one key and generation. */
export function setVerdict(
  review: ReviewFile,
  target: Pick<Verdict, "key" | "generation">,
  verdict: Verdict | null,
): ReviewFile {
  const id = verdictId(target);
  const others = review.verdicts.filter((v) => verdictId(v) !== id);
  return { ...review, verdicts: sortVerdicts(verdict ? [...others, verdict] : others) };
}

export interface MergeOutcome {
  review: ReviewFile;
  added: number;
  updated: number;
  unchanged: number;
  /** Verdicts of the imported file older than the one already recorded for the same generation. */
  keptExisting: number;
}

/** The later decision wins for each key and generation (an imported one wins a tie); nothing else is dropped. */
export function mergeReviews(current: ReviewFile, incoming: readonly Verdict[]): MergeOutcome {
  const byId = new Map(current.verdicts.map((v) => [verdictId(v), v]));
  const outcome = { added: 0, updated: 0, unchanged: 0, keptExisting: 0 };
  for (const v of incoming) {
    const existing = byId.get(verdictId(v));
    if (!existing) outcome.added++;
    else if (sameVerdict(existing, v)) outcome.unchanged++;
    else if (Date.parse(existing.at) > Date.parse(v.at)) outcome.keptExisting++;
    else outcome.updated++;
    if (!existing || Date.parse(existing.at) <= Date.parse(v.at)) byId.set(verdictId(v), v);
  }
  return { review: { ...current, verdicts: sortVerdicts([...byId.values()]) }, ...outcome };
}

function sameVerdict(a: Verdict, b: Verdict): boolean {
  return a.verdict === b.verdict && a.note === b.note && a.by === b.by && a.at === b.at && a.task_id === b.task_id;
}
