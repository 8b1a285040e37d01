import { describe, expect, it } from "vitest";
import { diffAgainstLockfile } from "../../src/plan/diff.js";
import { budgetProblem, hasPendingChanges } from "../../src/plan/summary.js";
import { body, expanded, lockfile, recorded, request } from "./fixtures.js";

const kling = { rules: [{ model_name: "Kling", per_second: 1 }] };

describe("budget", () => {
  it("passes a plan within budget, and one that generates nothing", () => {
    expect(budgetProblem(diffAgainstLockfile(expanded([request("a", body("x"))], { prices: kling, budget: 5 }), null, {}).summary)).toBeNull();
    const nothing = diffAgainstLockfile(expanded([request("a", body("x"))], { budget: 0 }), lockfile({ a: recorded("a", body("x")) }), {});
    expect(budgetProblem(nothing.summary)).toBeNull();
  });

  it("stops a plan over budget, naming both amounts", () => {
    const plan = diffAgainstLockfile(expanded([request("a", body("x")), request("b", body("y"))], { prices: kling, budget: 9.5 }), null, {});
    expect(budgetProblem(plan.summary)).toBe("estimated cost 10.00 exceeds the budget of 9.50");
  });

  it("cannot check a budget without a price table, or with unpriced models", () => {
    expect(budgetProblem(diffAgainstLockfile(expanded([request("a", body("x"))], { budget: 5 }), null, {}).summary)).toMatch(/no price table/);
    const hailuo = request("h", body("x", { model_name: "Hailuo", model_version: "02" }));
    expect(budgetProblem(diffAgainstLockfile(expanded([hailuo], { prices: kling, budget: 5 }), null, {}).summary)).toMatch(/no price for Hailuo 02/);
  });
});

describe("pending changes (--detailed-exitcode)", () => {
  it("counts submit, resend and drop, not unchanged or failed without --retry-failed", () => {
    const failedTask = { state: "failed" as const, api_status: "ABORTED", checked_at: "2026-05-01T10:00:00Z", outputs: [] };
    const lock = lockfile({ a: recorded("a", body("x")), f: recorded("f", body("f"), { task: failedTask }) });
    const quiet = diffAgainstLockfile(expanded([request("a", body("x")), request("f", body("f"))]), lock, {});
    expect(hasPendingChanges(quiet.entries)).toBe(false);
    expect(hasPendingChanges(diffAgainstLockfile(expanded([request("a", body("x"))]), lock, {}).entries)).toBe(true); // f is an orphan
  });
});
