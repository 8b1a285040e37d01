import type { PlanEntry } from "../plan/types.js";
import { withApplyAdded } from "../plan/apply-added.js";
import { hashBody } from "../util/canonical-json.js";
import type { SubmitItem } from "./submit-one.js";

/**
 * What apply sends for each plan entry to submit or re-send: the plan's body plus its session_id, and,
 * when the manifest does not set one, a session_context naming campaign and key so a task seen in the
 * provider's console can be traced back. Neither changes the body hash (both are added here, like
 * session_id); the lockfile records the body exactly as sent.
 */
export function submitItemsFor(entries: readonly PlanEntry[], campaign: string): SubmitItem[] {
  const items: SubmitItem[] = [];
  for (const entry of entries) {
    if ((entry.action !== "submit" && entry.action !== "resend") || !entry.body || !entry.session_id) continue;
    const { session_id: _ignored, ...body } = entry.body;
    items.push({
      key: entry.key,
      hash: entry.new_hash ?? entry.recorded?.hash ?? entry.old_hash ?? hashBody(body),
      generation: entry.generation,
      session_id: entry.session_id,
      body: withApplyAdded(body, entry.session_id, campaign, entry.key),
      ...(entry.moved_from !== undefined ? { movedFrom: entry.moved_from } : {}),
    });
  }
  return items;
}
