import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { DiagnosticsError, UserError } from "../../src/errors.js";
import { diffAgainstLockfile } from "../../src/plan/diff.js";
import { buildSavedPlan, loadSavedPlan, writeSavedPlan, type SavedPlan } from "../../src/plan/saved.js";
import { sha256Hex } from "../../src/util/canonical-json.js";
import { VERSION } from "../../src/version.js";
import { body, expanded, request } from "./fixtures.js";

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "reelform-saved-"));
  await writeFile(join(cwd, "launch.yaml"), "version: 1\ncampaign: spring-launch\n");
  await writeFile(join(cwd, "products.csv"), "sku,title\n1,Sneaker\n");
  await writeFile(join(cwd, "launch.lock.json"), '{"format_version":1,"campaign":"spring-launch","entries":{}}\n');
});

async function digest(file: string): Promise<string> {
  return sha256Hex(await readFile(join(cwd, file)));
}

async function savePlan(lockfileDigest?: string): Promise<SavedPlan> {
  const plan = diffAgainstLockfile(expanded([request("a", body("x"))]), null, {
    manifestLabel: "launch.yaml",
    lockfileLabel: "launch.lock.json",
  });
  const inputs = [
    { role: "manifest" as const, path: "launch.yaml", sha256: await digest("launch.yaml") },
    { role: "data" as const, path: "products.csv", sha256: await digest("products.csv") },
  ];
  const saved = buildSavedPlan(
    plan,
    inputs,
    { path: "launch.lock.json", sha256: lockfileDigest ?? (await digest("launch.lock.json")) },
    new Date("2026-05-01T10:00:00Z"),
  );
  await writeSavedPlan(join(cwd, "launch.plan.json"), saved);
  return saved;
}

async function refusal(): Promise<string> {
  const error = await loadSavedPlan("launch.plan.json", cwd).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return (error as Error).message;
}

describe("saved plans", () => {
  it("loads a plan whose inputs are unchanged, exactly as saved", async () => {
    const saved = await savePlan();
    expect(await loadSavedPlan("launch.plan.json", cwd)).toEqual(JSON.parse(JSON.stringify(saved)));
    expect(saved).toMatchObject({
      format_version: 1,
      reelform_version: VERSION,
      created_at: "2026-05-01T10:00:00.000Z",
    });
  });

  it("refuses a plan whose data file changed, naming it and only it", async () => {
    await savePlan();
    await writeFile(join(cwd, "products.csv"), "sku,title\n1,Sneaker\n2,Backpack\n");
    const message = await refusal();
    expect(message).toMatch(
      /saved plan launch.plan.json is out of date; run `reelform plan launch.yaml --out launch.plan.json` again/,
    );
    expect(message).toContain("  - data file products.csv changed");
    expect(message).not.toContain("manifest launch.yaml");
  });

  it("names every changed input: manifest edited, lockfile rewritten", async () => {
    await savePlan();
    await writeFile(join(cwd, "launch.yaml"), "version: 1\ncampaign: spring-launch\n# edited\n");
    await writeFile(
      join(cwd, "launch.lock.json"),
      '{"format_version":1,"campaign":"spring-launch","entries":{"a":{}}}\n',
    );
    const message = await refusal();
    expect(message).toContain("  - manifest launch.yaml changed");
    expect(message).toContain("  - lockfile launch.lock.json changed");
  });

  it("notices a lockfile that appeared, or an input that was removed", async () => {
    await rm(join(cwd, "launch.lock.json"));
    await savePlan("absent");
    await writeFile(join(cwd, "launch.lock.json"), "{}\n");
    await rm(join(cwd, "products.csv"));
    const message = await refusal();
    expect(message).toContain("  - lockfile launch.lock.json was created since");
    expect(message).toContain("  - data file products.csv was removed");
  });

  it("refuses a plan saved by another reelform version", async () => {
    const saved = await savePlan();
    await writeFile(join(cwd, "launch.plan.json"), JSON.stringify({ ...saved, reelform_version: "0.0.1" }));
    expect(await refusal()).toMatch(/was saved by reelform 0.0.1; this is reelform/);
  });

  it("reports a damaged plan file with its position, and a file that is not a plan", async () => {
    await writeFile(join(cwd, "launch.plan.json"), '{"format_version": 1, "inputs": [');
    const error = await loadSavedPlan("launch.plan.json", cwd).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiagnosticsError);
    expect((error as DiagnosticsError).diagnostics[0]).toMatchObject({ file: "launch.plan.json", line: 1 });
    await writeFile(join(cwd, "launch.plan.json"), "{}");
    expect(await refusal()).toMatch(/is not a reelform saved plan/);
    expect(await loadSavedPlan("missing.plan.json", cwd).catch((e: Error) => e.message)).toMatch(
      /cannot read saved plan missing.plan.json: no such file/,
    );
  });
});
