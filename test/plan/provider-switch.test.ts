// Switching provider on a manifest whose lockfile has entries: shown in the plan, never silently
// re-generated. Entries keep the provider that created them (status queries them there).
import { describe, expect, it } from "vitest";
import { diffAgainstLockfile } from "../../src/plan/diff.js";
import { resentThroughOtherProvider } from "../../src/plan/provider-switch.js";
import { chooseProvider } from "../../src/config/provider-choice.js";
import { body, expanded, lockfile, recorded, request } from "./fixtures.js";

const sand = body("sand");
const marble = body("marble");
const NOW = Date.parse("2026-05-01T12:00:00Z");

describe("plan after a provider switch", () => {
  const lock = lockfile({
    "hero-sand": recorded("hero-sand", sand),
    "hero-marble": recorded("hero-marble", marble, { submission: "in_doubt", task_id: undefined }),
  });
  const manifest = expanded([request("hero-sand", sand), request("hero-marble", marble)]);

  it("keeps gateway entries, does not re-send an in-doubt one through tencent, and warns", () => {
    const plan = diffAgainstLockfile(manifest, lock, { now: NOW, provider: "tencent" });
    expect(plan.entries.find((e) => e.key === "hero-sand")).toMatchObject({ mark: "unchanged", action: "none" });
    expect(plan.entries.find((e) => e.key === "hero-marble")).toMatchObject({
      mark: "in_doubt",
      action: "none",
      reason: expect.stringContaining("--provider gateway"),
    });
    expect(plan.warnings).toEqual([
      expect.stringContaining("the provider is tencent, but 2 recorded entries were created through gateway"),
    ]);
  });

  it("re-sends the in-doubt entry through the provider that sent it", () => {
    const plan = diffAgainstLockfile(manifest, lock, { now: NOW, provider: "gateway" });
    expect(plan.entries.find((e) => e.key === "hero-marble")).toMatchObject({ mark: "in_doubt", action: "resend" });
    expect(plan.warnings).toBeUndefined();
  });

  it("a plan made under gateway (saved, say) re-sends its in-doubt entry only through gateway", () => {
    const plan = diffAgainstLockfile(manifest, lock, { now: NOW, provider: "gateway" });
    expect(resentThroughOtherProvider(plan.entries, "gateway")).toEqual([]);
    expect(resentThroughOtherProvider(plan.entries, "tencent")).toEqual(["hero-marble"]);
  });

  it("a tencent entry seen with the gateway provider is kept too", () => {
    const tencentLock = lockfile({
      "hero-sand": recorded("hero-sand", sand, { provider: "tencent", sub_app_id: 1500000001 }),
    });
    const plan = diffAgainstLockfile(expanded([request("hero-sand", sand)]), tencentLock, { now: NOW });
    expect(plan.entries[0]).toMatchObject({ mark: "unchanged", action: "none" });
    expect(plan.warnings).toEqual([expect.stringContaining("1 recorded entry was created through tencent")]);
  });
});

describe("chooseProvider", () => {
  it("takes --provider, then REELFORM_PROVIDER, then the manifest, then gateway", () => {
    expect(chooseProvider({ flag: "tencent", env: { REELFORM_PROVIDER: "gateway" }, manifest: "gateway" })).toEqual({
      name: "tencent",
      source: "--provider",
    });
    expect(chooseProvider({ env: { REELFORM_PROVIDER: "tencent" }, manifest: "gateway" })).toEqual({
      name: "tencent",
      source: "REELFORM_PROVIDER",
    });
    expect(chooseProvider({ env: {}, manifest: "tencent" })).toEqual({ name: "tencent", source: "the manifest" });
    expect(chooseProvider({ env: {} })).toEqual({ name: "gateway", source: "the default" });
  });

  it("names the setting that holds an unknown provider", () => {
    expect(() => chooseProvider({ env: { REELFORM_PROVIDER: "aws" } })).toThrow(
      'REELFORM_PROVIDER must be one of gateway, tencent, got "aws"',
    );
  });
});
