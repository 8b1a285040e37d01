// The Action's decisions that need no GitHub: which mode an event means, and which manifests a change affects.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { affectedManifests, matchingManifests } from "../../action/manifests.mjs";
import { decideMode, withoutSecrets } from "../../action/run.mjs";
import { applyEnvironment } from "../../action/inputs.mjs";

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
    expect(affectedManifests(manifests, ["manifests/data/products.csv"])).toEqual([
      "manifests/a.yaml",
      "manifests/b.yaml",
    ]);
    expect(affectedManifests(manifests, ["README.md", "src/x.ts"])).toEqual([]);
  });
});

describe("withoutSecrets", () => {
  it("drops the Action's credentials and inputs, keeps the rest", () => {
    expect(
      withoutSecrets({
        REELFORM_API_KEY: "k",
        GITHUB_TOKEN: "t",
        ACTIONS_RUNTIME_TOKEN: "r",
        INPUT_API_KEY: "k",
        BRAND: "Acme",
        PATH: "/bin",
      }),
    ).toEqual({ BRAND: "Acme", PATH: "/bin", GITHUB_ACTIONS: "true" });
  });
  it("drops the Tencent credentials too, from the inputs or the environment, and keeps the settings that shape a plan", () => {
    const env = {
      INPUT_PROVIDER: "tencent",
      INPUT_TENCENT_SECRET_ID: "AKIDx",
      INPUT_TENCENT_SECRET_KEY: "sk",
      INPUT_TENCENT_SESSION_TOKEN: "tok",
      INPUT_TENCENT_REGION: "ap-singapore",
      INPUT_TENCENT_SUB_APP_ID: "1500000001",
      TENCENTCLOUD_SECRET_ID: "AKIDenv",
    };
    expect(withoutSecrets(env)).toEqual({
      REELFORM_PROVIDER: "tencent",
      TENCENTCLOUD_REGION: "ap-singapore",
      TENCENTCLOUD_VOD_SUBAPP_ID: "1500000001",
      GITHUB_ACTIONS: "true",
    });
    expect(applyEnvironment(env)).toMatchObject({
      REELFORM_PROVIDER: "tencent",
      TENCENTCLOUD_SECRET_ID: "AKIDx",
      TENCENTCLOUD_SECRET_KEY: "sk",
      TENCENTCLOUD_SESSION_TOKEN: "tok",
      TENCENTCLOUD_REGION: "ap-singapore",
      TENCENTCLOUD_VOD_SUBAPP_ID: "1500000001",
    });
  });
});

describe("matchingManifests", () => {
  it("takes tracked files matching the globs, but not a manifest's lockfile or review file beside it", () => {
    const dir = mkdtempSync(join(tmpdir(), "reelform-action-"));
    mkdirSync(join(dir, "manifests"));
    for (const name of ["a.yaml", "a.lock.json", "a.review.yaml", "b.yml"])
      writeFileSync(join(dir, "manifests", name), "x\n");
    execFileSync("git", ["init", "-q"], { cwd: dir });
    execFileSync("git", ["add", "."], { cwd: dir });
    expect(matchingManifests(dir, "manifests/*.yaml, manifests/*.yml, manifests/*.json")).toEqual([
      "manifests/a.yaml",
      "manifests/b.yml",
    ]);
  });
});
