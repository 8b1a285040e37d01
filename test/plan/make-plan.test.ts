// makePlan returns the plan, or throws the user's mistake that stopped it as its UserError (no round trip).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DiagnosticsError, UserError } from "../../src/errors.js";
import { makePlan, type PlanInputs } from "../../src/plan/make-plan.js";
import { body, expanded, request } from "./fixtures.js";

describe("makePlan", () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), "reelform-make-plan-"));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  function inputs(env: Record<string, string> = {}): PlanInputs {
    const manifest = expanded([request("hero-mug", body("a mug"))]);
    return {
      cwd,
      env,
      expanded: manifest,
      lockfile: null,
      manifestLabel: "launch.yaml",
      lockfileLabel: "launch.lock.json",
      now: 0,
    };
  }

  it("returns the plan and the provider it was made for", async () => {
    const made = await makePlan(inputs(), {});
    expect(made.provider).toBe("gateway");
    expect(made.plan.entries.map((entry) => [entry.key, entry.action])).toEqual([["hero-mug", "submit"]]);
    expect(made.reviewInput).toMatchObject({ role: "review", sha256: "absent" });
  });

  it("throws an unknown provider as a UserError", async () => {
    const error: unknown = await makePlan(inputs({ REELFORM_PROVIDER: "vimeo" }), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe('REELFORM_PROVIDER must be one of gateway, tencent, got "vimeo"');
  });

  it("throws a missing price table as a UserError (not a DiagnosticsError)", async () => {
    const error: unknown = await makePlan(inputs(), { prices: "prices.yaml" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).not.toBeInstanceOf(DiagnosticsError);
    expect((error as UserError).message).toMatch(/^cannot read price table prices\.yaml: no such file/);
  });
});
