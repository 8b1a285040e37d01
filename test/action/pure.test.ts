// The Action's decisions that need no GitHub: which mode an event means, and which manifests a change affects.
import { describe, expect, it } from "vitest";
import { affectedManifests } from "../../action/manifests.mjs";
import { decideMode, withoutSecrets } from "../../action/run.mjs";

describe("decideMode", () => {
  const repo = { repository: { default_branch: "main" } };
  it.each([
    ["auto", "pull_request", "refs/pull/7/merge", "plan"],
    ["auto", "push", "refs/heads/main", "apply"],
    ["auto", "push", "refs/heads/feature", "none"],
    ["auto", "workflow_dispatch", "refs/heads/main", "apply"],
    ["auto", "schedule", "refs/heads/release", "none"],
    ["plan", "push", "refs/heads/main", "plan"],
    ["", "pull_request", "refs/pull/7/merge", "plan"],
  ])("mode %s, %s on %s -> %s", (input, event, ref, expected) => {
    expect(decideMode(input, event, ref, repo)).toBe(expected);
  });
  it("refuses an unknown mode", () => {
    expect(() => decideMode("deploy", "push", "refs/heads/main", repo)).toThrow(/auto, plan or apply/);
  });
});

describe("affectedManifests", () => {
  const manifests = ["manifests/a.yaml", "manifests/b.yaml", "other/c.yaml"];
  it("a manifest, its lockfile, or a data file in its folder", () => {
    expect(affectedManifests(manifests, ["manifests/a.yaml"])).toEqual(["manifests/a.yaml"]);
    expect(affectedManifests(manifests, ["manifests/b.lock.json"])).toEqual(["manifests/b.yaml"]);
    expect(affectedManifests(manifests, ["manifests/data/products.csv"])).toEqual(["manifests/a.yaml", "manifests/b.yaml"]);
    expect(affectedManifests(manifests, ["README.md", "src/x.ts"])).toEqual([]);
  });
});

describe("withoutSecrets", () => {
  it("drops the Action's credentials and inputs, keeps the rest", () => {
    expect(withoutSecrets({ REELFORM_API_KEY: "k", GITHUB_TOKEN: "t", ACTIONS_RUNTIME_TOKEN: "r", INPUT_API_KEY: "k", BRAND: "Acme", PATH: "/bin" })).toEqual({ BRAND: "Acme", PATH: "/bin" });
  });
});
