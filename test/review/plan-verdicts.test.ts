import { describe, expect, it } from "vitest";
import { diffAgainstLockfile } from "../../src/plan/diff.js";
import { renderPlanJson } from "../../src/plan/render-json.js";
import { renderPlanMarkdown } from "../../src/plan/render-markdown.js";
import { renderPlanText } from "../../src/plan/render-text.js";
import { deriveSessionId } from "../../src/plan/session-id.js";
import type { PlanEntry } from "../../src/plan/types.js";
import type { Verdict } from "../../src/review/verdicts.js";
import { body, CAMPAIGN, expanded, lockfile, recorded, request } from "../plan/fixtures.js";

const sand = body("Acme sneaker resting on sand");
const sandNew = body("Acme sneaker resting on golden sand");
const at = "2026-05-02T09:00:00.000Z";

/** The plan entry of a key (the test fails on a missing one when it reads its fields). */
const entryOf = (entries: PlanEntry[], key: string): PlanEntry => entries.find((e) => e.key === key) as PlanEntry;

describe("plan acts on review verdicts", () => {
  it("plans a rejected current generation as ~ with a new generation, a new session_id and the note in text, markdown and JSON", () => {
    const lock = lockfile({ "hero-sand": recorded("hero-sand", sand, { generation: 2 }) });
    const verdicts: Verdict[] = [
      { key: "hero-sand", generation: 2, verdict: "rejected", note: "logo is cut off\nat the top", by: "ana", at },
    ];
    const plan = diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, { verdicts });
    const entry = entryOf(plan.entries, "hero-sand");
    expect(entry).toMatchObject({
      mark: "replace",
      action: "submit",
      generation: 3,
      reason: "rejected in review: logo is cut off at the top",
    });
    expect(entry.session_id).toBe(deriveSessionId(CAMPAIGN, "hero-sand", entry.new_hash!, 3));
    expect(entry.session_id).not.toBe(lock.entries["hero-sand"]?.session_id);
    expect(renderPlanText(plan, { color: false })).toContain(
      "~ hero-sand  generation 3: rejected in review: logo is cut off at the top",
    );
    expect(renderPlanMarkdown(plan)).toContain("rejected in review: logo is cut off at the top");
    const json = JSON.parse(renderPlanJson(plan)) as { entries: { review: unknown; symbol: string }[] };
    expect(json.entries[0]).toMatchObject({
      symbol: "~",
      review: { verdict: "rejected", generation: 2, note: "logo is cut off at the top", by: "ana", at },
    });
  });

  it("keeps an approved video when only the template changed, and says so; --replace still regenerates it", () => {
    const lock = lockfile({ "hero-sand": recorded("hero-sand", sand) });
    const verdicts: Verdict[] = [{ key: "hero-sand", generation: 1, verdict: "approved", at }];
    const plan = diffAgainstLockfile(expanded([request("hero-sand", sandNew)]), lock, { verdicts });
    expect(entryOf(plan.entries, "hero-sand")).toMatchObject({
      mark: "unchanged",
      action: "none",
      generation: 1,
      body: null,
      seconds: 0,
    });
    expect(renderPlanText(plan, { color: false })).toContain("= hero-sand  kept: approved in review");
    expect(renderPlanMarkdown(plan)).toContain("kept: approved in review");
    expect(plan.summary.counts).toMatchObject({ replace: 0, unchanged: 1 });
    const forced = diffAgainstLockfile(expanded([request("hero-sand", sandNew)]), lock, {
      verdicts,
      replace: ["hero-sand"],
    });
    expect(entryOf(forced.entries, "hero-sand")).toMatchObject({
      mark: "replace",
      action: "submit",
      generation: 2,
      reason: "forced by --replace",
    });
  });

  it("reports a verdict for a generation that no longer exists instead of applying it", () => {
    const lock = lockfile({
      "hero-sand": recorded("hero-sand", sand, {
        generation: 2,
        earlier: [{ ...recorded("hero-sand", sand), task_id: "t-1" }],
      }),
    });
    const verdicts: Verdict[] = [
      { key: "hero-sand", generation: 1, verdict: "rejected", at, task_id: "t-1" },
      { key: "hero-sand", generation: 5, verdict: "rejected", note: "too dark", at },
      { key: "gone", generation: 1, verdict: "approved", at },
    ];
    const plan = diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, { verdicts });
    expect(entryOf(plan.entries, "hero-sand")).toMatchObject({ mark: "unchanged", action: "none", generation: 2 });
    expect(plan.warnings).toEqual([
      'review verdict "rejected" for hero-sand generation 5 is not applied: the lockfile has no such generation',
      'review verdict "approved" for gone generation 1 is not applied: the lockfile has no such generation',
    ]);
  });

  it("does not apply a verdict whose task_id is not the recorded generation's task", () => {
    const lock = lockfile({ "hero-sand": recorded("hero-sand", sand) });
    const verdicts: Verdict[] = [{ key: "hero-sand", generation: 1, verdict: "rejected", at, task_id: "another-task" }];
    const plan = diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, { verdicts });
    expect(entryOf(plan.entries, "hero-sand").mark).toBe("unchanged");
    expect(plan.warnings?.[0]).toContain("hero-sand generation 1 (task another-task) is not applied");
  });
});
