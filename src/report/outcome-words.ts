// The words for how a submission ended, shared by apply's live line and its closing summary, so the
// terminal never says "6 failed" while the summary says "6 duplicate".
import type { RunSummary } from "../apply/events.js";

export type Outcome = "created" | "rejected" | "duplicate" | "in_doubt" | "failed";

/** In the order the summary lists them. */
export const OUTCOMES: readonly Outcome[] = ["created", "rejected", "duplicate", "in_doubt", "failed"];

export const OUTCOME_WORD: Record<Outcome | "not_started", string> = {
  created: "created",
  rejected: "rejected",
  duplicate: "duplicate",
  in_doubt: "in doubt",
  failed: "failed",
  not_started: "not started",
};

export function outcomeCounts(summary: RunSummary): Record<Outcome, number> {
  return {
    created: summary.created,
    rejected: summary.rejected.length,
    duplicate: summary.duplicate.length,
    in_doubt: summary.in_doubt.length,
    failed: summary.failed.length,
  };
}
