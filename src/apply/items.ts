import type { PlanEntry } from "../plan/types.js";
import { hashBody, type JsonObject } from "../util/canonical-json.js";
import type { SubmitItem } from "./submit-one.js";

const SESSION_CONTEXT_MAX = 1000;

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
      body: withSessionFields(body, entry.session_id, campaign, entry.key),
    });
  }
  return items;
}

function withSessionFields(body: JsonObject, sessionId: string, campaign: string, key: string): JsonObject {
  const out: JsonObject = { ...body, session_id: sessionId };
  if (typeof out.session_context !== "string" || out.session_context === "") {
    out.session_context = `reelform:${campaign}:${key}`.slice(0, SESSION_CONTEXT_MAX);
  }
  return out;
}
