// The values apply adds to every body it sends (session_id, and a session_context when the manifest sets
// none). They are not part of the manifest's request, so a plan never shows them as a change.
import { defaultSessionContext } from "../lockfile/session-context.js";
import type { JsonObject } from "../util/canonical-json.js";

/**
 * A recorded body without what apply added: session_id, and a session_context apply generated (for this
 * campaign or an earlier name of it). A session_context the manifest wrote stays.
 */
export function withoutApplyAdded(body: JsonObject, campaign: string, key: string): JsonObject {
  const { session_id: _id, ...rest } = body;
  const context = rest.session_context;
  const generated =
    typeof context === "string" &&
    (context === defaultSessionContext(campaign, key) ||
      (context.startsWith("reelform:") && context.endsWith(`:${key}`)));
  if (generated) delete rest.session_context;
  return rest;
}

/** The body as apply sends it: session_id, and the default session_context unless the manifest set one. */
export function withApplyAdded(
  body: JsonObject,
  sessionId: string | undefined,
  campaign: string,
  key: string,
): JsonObject {
  const out: JsonObject = sessionId === undefined ? { ...body } : { ...body, session_id: sessionId };
  if (typeof out.session_context !== "string" || out.session_context === "")
    out.session_context = defaultSessionContext(campaign, key);
  return out;
}
