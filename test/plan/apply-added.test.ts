// Values apply adds to what it sends (session_id, a session_context naming campaign and key) are recorded in
// the lockfile's body but are not the manifest's: a ~ replace must not show them as a change in any plan form.
import { describe, expect, it } from "vitest";
import { submitItemsFor } from "../../src/apply/items.js";
import { diffAgainstLockfile } from "../../src/plan/diff.js";
import { renderPlanJson } from "../../src/plan/render-json.js";
import { renderPlanMarkdown } from "../../src/plan/render-markdown.js";
import { renderPlanText } from "../../src/plan/render-text.js";
import type { Plan } from "../../src/plan/types.js";
import { body, CAMPAIGN, expanded, lockfile, recorded, request } from "./fixtures.js";

/** A key applied once (its lockfile body as apply sent it), then edited: one real change, the prompt. */
function replacePlan(recordedContext?: string): Plan {
  const first = body("a red kite over the dunes");
  const sent =
    submitItemsFor(diffAgainstLockfile(expanded([request("kite", first)]), null, {}).entries, CAMPAIGN)[0]?.body ?? {};
  const sentBody = recordedContext === undefined ? sent : { ...sent, session_context: recordedContext };
  const lock = lockfile({ kite: recorded("kite", first, { body: sentBody }) });
  return diffAgainstLockfile(expanded([request("kite", body("a blue kite over the dunes"))]), lock, {});
}

describe("plans show only real changes", () => {
  it("apply's own session_context is not a change in the text, markdown or JSON plan", () => {
    const plan = replacePlan();
    expect(plan.entries[0]?.recorded?.body.session_context).toBe("reelform:spring-launch:kite");
    const text = renderPlanText(plan, { color: false });
    expect(text).toContain("~ kite");
    expect(text).toContain("+ a blue kite over the dunes");
    for (const rendered of [text, renderPlanMarkdown(plan), renderPlanJson(plan)]) {
      expect(rendered).not.toContain("session_context");
      expect(rendered).not.toMatch(/reelform:spring-launch:kite/);
    }
    const changes = (JSON.parse(renderPlanJson(plan)) as { entries: { changes: { path: string }[] }[] }).entries[0]
      ?.changes;
    expect(changes?.map((c) => c.path)).toEqual(["prompt"]);
  });

  it("a session_context the manifest wrote and then removed is a real change", () => {
    const text = renderPlanText(replacePlan("campaign brief #12"), { color: false });
    expect(text).toContain('session_context: "campaign brief #12" -> (none)');
  });
});
