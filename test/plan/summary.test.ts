import { describe, expect, it } from "vitest";
import { diffAgainstLockfile } from "../../src/plan/diff.js";
import { budgetProblem, hasPendingChanges } from "../../src/plan/summary.js";
import { body, expanded, lockfile, recorded, request } from "./fixtures.js";

const kling = { rules: [{ model_name: "Kling", per_second: 1 }] };

describe("budget", () => {
  it("passes a plan within budget, and one that generates nothing", () => {
    expect(
      budgetProblem(
        diffAgainstLockfile(expanded([request("a", body("x"))], { prices: kling, budget: 5 }), null, {}).summary,
      ),
    ).toBeNull();
    const nothing = diffAgainstLockfile(
      expanded([request("a", body("x"))], { budget: 0 }),
      lockfile({ a: recorded("a", body("x")) }),
      {},
    );
    expect(budgetProblem(nothing.summary)).toBeNull();
  });

  it("stops a plan over budget, naming both amounts", () => {
    const plan = diffAgainstLockfile(
      expanded([request("a", body("x")), request("b", body("y"))], { prices: kling, budget: 9.5 }),
      null,
      {},
    );
    expect(budgetProblem(plan.summary)).toBe("estimated cost 10.00 exceeds the budget of 9.50");
  });

  it("cannot check a budget without a price table, or with unpriced models", () => {
    expect(
      budgetProblem(diffAgainstLockfile(expanded([request("a", body("x"))], { budget: 5 }), null, {}).summary),
    ).toMatch(/no price table/);
    const hailuo = request("h", body("x", { model_name: "Hailuo", model_version: "02" }));
    expect(
      budgetProblem(diffAgainstLockfile(expanded([hailuo], { prices: kling, budget: 5 }), null, {}).summary),
    ).toMatch(/no price for Hailuo 02/);
  });
});

describe("pending changes (--detailed-exitcode)", () => {
  it("counts submit, resend and drop, not unchanged or failed without --retry-failed", () => {
    const failedTask = {
      state: "failed" as const,
      api_status: "ABORTED",
      checked_at: "2026-05-01T10:00:00Z",
      outputs: [],
    };
    const lock = lockfile({ a: recorded("a", body("x")), f: recorded("f", body("f"), { task: failedTask }) });
    const quiet = diffAgainstLockfile(expanded([request("a", body("x")), request("f", body("f"))]), lock, {});
    expect(hasPendingChanges(quiet.entries)).toBe(false);
    expect(hasPendingChanges(diffAgainstLockfile(expanded([request("a", body("x"))]), lock, {}).entries)).toBe(true); // f is an orphan
  });
});

describe("budget with replacements for failed checks (issue 28)", () => {
  // Two videos already generated (and paid); b's file failed a check. Its new generation is a new paid task.
  const failedCheck = {
    sha256: "f".repeat(64),
    results: [{ check: "aspect_ratio", outcome: "failed" as const, measured: "16:9", asked: "9:16", tool: "ffprobe" }],
  };
  const lock = () => lockfile({ a: recorded("a", body("x")), b: recorded("b", body("y"), { checks: failedCheck }) });
  const requests = () => [request("a", body("x")), request("b", body("y"))];

  it("--replace-failed-checks: the new generation counts in the estimate and a budget below it stops the plan", () => {
    const plan = diffAgainstLockfile(expanded(requests(), { prices: kling, budget: 4.5 }), lock(), {
      replaceFailedChecks: true,
    });
    expect(plan.entries.find((e) => e.key === "b")).toMatchObject({ mark: "replace", action: "submit", generation: 2 });
    expect(plan.summary.estimated_cost?.total).toBe(5);
    expect(budgetProblem(plan.summary)).toBe("estimated cost 5.00 exceeds the budget of 4.50");
    const within = diffAgainstLockfile(expanded(requests(), { prices: kling, budget: 5 }), lock(), {
      replaceFailedChecks: true,
    });
    expect(budgetProblem(within.summary)).toBeNull();
  });

  it("on_failed_check: replace: the same, with --max-cost over the manifest's budget", () => {
    const settings = { prices: kling, budget: 100, replaceFailedChecks: true, maxGenerations: 3 };
    const plan = diffAgainstLockfile(expanded(requests(), settings), lock(), { maxCost: 4 });
    expect(plan.entries.find((e) => e.key === "b")).toMatchObject({ mark: "replace", action: "submit", generation: 2 });
    expect(budgetProblem(plan.summary)).toBe("estimated cost 5.00 exceeds the budget of 4.00");
    expect(budgetProblem(diffAgainstLockfile(expanded(requests(), settings), lock(), {}).summary)).toBeNull();
  });

  it("past max_generations nothing is planned, so nothing is charged to the budget", () => {
    const settings = { prices: kling, budget: 0.5, replaceFailedChecks: true, maxGenerations: 2 };
    const capped = lockfile({
      a: recorded("a", body("x")),
      b: recorded("b", body("y"), { generation: 2, checks: failedCheck }),
    });
    const plan = diffAgainstLockfile(expanded(requests(), settings), capped, {});
    expect(plan.summary.estimated_cost?.total).toBe(0);
    expect(budgetProblem(plan.summary)).toBeNull();
  });
});
