// Issue 16, items 4-6: what a new user sees for the first mistakes. Built CLI (`npm run build` first).
import { describe, expect, it } from "vitest";
import { fileTree } from "../expand/loaded.js";
import { HEADER } from "./manifest-header.js";
import { runCli } from "../helpers/exec.js";

async function validate(files: Record<string, string>, args: string[] = []) {
  return runCli(["validate", "m.yaml", ...args], { cwd: fileTree(files) });
}

const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.includes(": error: "));

describe("YAML indentation errors", () => {
  it("a key indented 3 spaces among 4-space keys: one error, at the key, with the indentation in numbers", async () => {
    const result = await validate({
      "m.yaml": `${HEADER}videos:\n  - name: a\n    prompt: hello\n   model_name: Vidu\n    takes: 2\n  - name: b\n    prompt: x\n`,
    });
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      "m.yaml:10:4: error: YAML syntax error: Sequence item without - indicator (this line is indented 3 spaces, but no line above it is; the closest is indented 4 spaces. Keys of one mapping (and items of one list) must start at the same column)",
    ]);
    expect(result.stderr).not.toContain("unclosed quote");
  });

  it("a key indented 3 spaces under 2-space keys (read as a continuation of the value above) is reported on its own line", async () => {
    const result = await validate({
      "m.yaml": `version: 1\ncampaign: t\ndefaults:\n  model_name: Kling\n   model_version: "2.1"\n  prompt: x\nvideos:\n  - name: a\n`,
    });
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(
        /^m\.yaml:5:4: error: YAML syntax error: .*\(this line is indented 3 spaces, but no line above it is; the closest is indented 2 spaces/,
      ),
    ]);
  });

  it("an unclosed quote still gets the quote hint", async () => {
    const result = await validate({ "m.yaml": `${HEADER}videos:\n  - name: a\n    prompt: "hello\n` });
    expect(errorLines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain("(look for an unclosed quote or bracket)");
  });
});

describe("a missing data file", () => {
  it("suggests the file with the closest name in the same folder, spelt as in the manifest", async () => {
    const result = await validate({
      "m.yaml": `${HEADER}videos:\n  - name: "c-{{sku}}"\n    rows: data/prodcts.csv\n    prompt: "{{sku}}"\n`,
      "data/products.csv": "sku\n1\n",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^m\.yaml:9:11: error: cannot read data file "data\/prodcts\.csv" \(data\/prodcts\.csv\): no such file \(did you mean "data\/products\.csv"\?\)$/m,
    );
  });

  it("and a missing price table file", async () => {
    const result = await validate({
      "m.yaml": `${HEADER}prices: price.yaml\nvideos:\n  - name: a\n    prompt: p\n`,
      "prices.yaml": "rules: []\n",
    });
    expect(result.stderr).toContain('(did you mean "prices.yaml"?)');
  });
});

describe("a missing --prices file", () => {
  it("gets the same suggestion", async () => {
    const dir = fileTree({ "m.yaml": `${HEADER}videos:\n  - name: a\n    prompt: p\n`, "prices.yaml": "rules: []\n" });
    const plan = await runCli(["plan", "m.yaml", "--prices", "price.yaml"], { cwd: dir });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('cannot read price table price.yaml: no such file (did you mean "prices.yaml"?)');
  });
});

describe("validate refuses what plan would refuse from the manifest alone", () => {
  it("a budget with no price table is an error at the budget's line", async () => {
    const files = { "m.yaml": `${HEADER}budget: 100\nvideos:\n  - name: a\n    prompt: p\n` };
    const result = await validate(files);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(
        /^m\.yaml:7:9: error: budget: 100 is set but the manifest has no price table to estimate the cost with/,
      ),
    ]);
    const dir = fileTree(files);
    const plan = await runCli(["plan", "m.yaml"], { cwd: dir });
    expect(plan.code).toBe(1);
  });

  it("a budget whose price table does not price a model is an error too", async () => {
    const result = await validate({
      "m.yaml": `${HEADER}budget: 100\nprices: { rules: [{ model_name: Vidu, per_second: 0.1 }] }\nvideos:\n  - name: a\n    prompt: p\n`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: budget: 100 cannot be checked: the price table has no price for Kling 2.1");
  });

  it("with --prices, plan checks the budget against that table (the manifest's budget alone is fine)", async () => {
    const dir = fileTree({
      "m.yaml": `${HEADER}budget: 100\nvideos:\n  - name: a\n    prompt: p\n`,
      "p.yaml": "rules: [{ model_name: Kling, per_second: 0.1 }]\n",
    });
    const plan = await runCli(["plan", "m.yaml", "--prices", "p.yaml"], { cwd: dir });
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
  });
});
