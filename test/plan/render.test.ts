import { describe, expect, it } from "vitest";
import { diffAgainstLockfile } from "../../src/plan/diff.js";
import { renderPlanJson } from "../../src/plan/render-json.js";
import { COMMENT_LIMIT, renderPlanMarkdown } from "../../src/plan/render-markdown.js";
import { renderPlanText } from "../../src/plan/render-text.js";
import type { Plan } from "../../src/plan/types.js";
import { body, expanded, lockfile, recorded, request } from "./fixtures.js";

/** One of each mark: the scenario a reviewer meets after editing a campaign. */
function fixturePlan(): Plan {
  const sand = body("Acme sneaker resting on sand, cinematic lighting");
  const sandV2 = body("Acme sneaker resting on wet sand at dusk, cinematic lighting", {
    output_config: { resolution: "1080P", aspect_ratio: "16:9", duration: 10, storage_mode: "Permanent" },
  });
  const marble = body("Acme backpack on marble");
  const failedTask = {
    state: "failed" as const,
    api_status: "FINISH",
    checked_at: "2026-05-02T09:00:00Z",
    outputs: [],
    error: { err_code: 1, err_code_ext: "ContentModerationFailed", message: "moderation", transient: false },
  };
  const lock = lockfile({
    "hero-sneaker-sand": recorded("hero-sneaker-sand", sand),
    "hero-backpack-marble": recorded("hero-backpack-marble", marble),
    "catalog-101": recorded("catalog-101", body("Item 101"), { submission: "in_doubt", task_id: undefined }),
    "catalog-102": recorded("catalog-102", body("Item 102"), { task: failedTask }),
    "catalog-103": recorded("catalog-103", body("Item 103")),
    "hero-old": recorded("hero-old", body("Retired shot")),
  });
  const requests = [
    request("hero-sneaker-sand", sandV2),
    request("hero-backpack-marble", marble),
    request("hero-backpack-sand", body("Acme backpack on sand")),
    request("catalog-101", body("Item 101")),
    request("catalog-102", body("Item 102")),
    request("catalog-103", body("Item 103")),
  ];
  const prices = { currency: "USD", rules: [{ model_name: "Kling", per_second: 0.14 }] };
  return diffAgainstLockfile(expanded(requests, { prices }), lock, { maxCost: 50 });
}

describe("text plan", () => {
  it("shows marks, what changed, unchanged as a count, summary last", async () => {
    await expect(renderPlanText(fixturePlan(), { color: false })).toMatchFileSnapshot("__snapshots__/plan.txt");
  });

  it("lists unchanged entries with --verbose", () => {
    const text = renderPlanText(fixturePlan(), { color: false, verbose: true });
    expect(text).toContain("  = catalog-103\n");
    expect(text).toContain("  = hero-backpack-marble\n");
    expect(text).not.toContain("unchanged (--verbose");
  });

  it("uses colour only when asked", () => {
    expect(renderPlanText(fixturePlan(), { color: false })).not.toContain("\u001b[");
    expect(renderPlanText(fixturePlan(), { color: true })).toContain("\u001b[32m+\u001b[0m hero-backpack-sand");
  });

  it("says when there is nothing to do", () => {
    const plan = diffAgainstLockfile(
      expanded([request("a", body("x"))]),
      lockfile({ a: recorded("a", body("x")) }),
      {},
    );
    expect(renderPlanText(plan, { color: false })).toMatch(
      /Nothing to do: the lockfile matches the manifest.\n\nPlan: 1 unchanged; no video to generate.\n$/,
    );
  });

  it("does not let a prompt's control characters reach the terminal", () => {
    const plan = diffAgainstLockfile(
      expanded([request("a", body("evil \u001b[2J"))]),
      lockfile({ a: recorded("a", body("x")) }),
      {},
    );
    expect(renderPlanText(plan, { color: false })).toContain("evil \\u001b[2J");
  });
});

describe("markdown plan", () => {
  it("puts the summary table first and details in <details> blocks", async () => {
    await expect(renderPlanMarkdown(fixturePlan())).toMatchFileSnapshot("__snapshots__/plan.md");
  });

  it("stays under the comment limit for a huge plan, saying how much is left out", () => {
    const requests = Array.from({ length: 5_000 }, (_, i) =>
      request(`catalog-${String(i).padStart(5, "0")}`, body(`Item ${i} turning slowly on a white studio backdrop`)),
    );
    const old = Object.fromEntries(requests.map((r) => [r.key, recorded(r.key, body(`Old item ${r.key}`))]));
    const plan = diffAgainstLockfile(expanded(requests), lockfile(old), {});
    const markdown = renderPlanMarkdown(plan);
    expect(markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(markdown.length).toBeGreaterThan(COMMENT_LIMIT - 3_000);
    const shown = (markdown.match(/^- `catalog-/gm) ?? []).length;
    expect(markdown).toContain(`> **Note:** ${5_000 - shown} more entries are not shown`);
    expect(markdown.match(/<details>/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
    expect((markdown.match(/^ {2}```/gm) ?? []).length % 2).toBe(0); // every fence closed
  });

  it("fences a prompt containing backticks with a longer fence", () => {
    const plan = diffAgainstLockfile(
      expanded([request("a", body("use ``` here"))]),
      lockfile({ a: recorded("a", body("x")) }),
      {},
    );
    expect(renderPlanMarkdown(plan)).toContain("  ````diff\n");
  });
});

describe("JSON plan", () => {
  it("is a versioned document with every entry's key, mark, hashes, session id and body", () => {
    const document = JSON.parse(renderPlanJson(fixturePlan())) as Record<string, unknown> & {
      entries: Record<string, unknown>[];
    };
    expect(Object.keys(document)).toEqual([
      "format_version",
      "campaign",
      "manifest",
      "lockfile",
      "changes_pending",
      "summary",
      "warnings",
      "entries",
    ]);
    expect(document).toMatchObject({ format_version: 1, campaign: "spring-launch", changes_pending: true });
    expect(document.summary).toEqual({
      counts: { create: 1, replace: 1, in_doubt: 1, failed: 1, moved: 0, orphan: 1, unchanged: 2 },
      seconds_by_model: { "Kling 2.1": 20 },
      estimated_cost: { total: 2.8, currency: "USD", unpriced: [] },
      budget: 50,
    });
    const replaced = document.entries.find((e) => e.key === "hero-sneaker-sand");
    expect(Object.keys(replaced!)).toEqual([
      "key",
      "mark",
      "symbol",
      "action",
      "generation",
      "session_id",
      "old_hash",
      "new_hash",
      "seconds",
      "video",
      "origin",
      "task_id",
      "changes",
      "body",
    ]);
    expect(replaced).toMatchObject({ mark: "replace", symbol: "~", action: "submit", generation: 2 });
    expect(replaced!.changes).toContainEqual({ path: "output_config.duration", old: 5, new: 10 });
    expect(document.entries.map((e) => e.key)).toEqual([...document.entries.map((e) => e.key as string)].sort());
  });

  it("gives identical bytes for identical plans", () => {
    expect(renderPlanJson(fixturePlan())).toBe(renderPlanJson(fixturePlan()));
  });
});
