// Issue 22, items 9 and 11: a manifest in a pull request that makes plan do unbounded work. A template bomb
// (partials ×10, five deep, over a 200-value matrix) fails fast, located, in little memory; a FIFO given as
// `rows:` (or as the manifest) is refused at once instead of blocking the read past every signal.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";

const MODEL = '    model_name: Kling\n    model_version: "2.1"\n';
const tenOf = (partial: string): string => `{{> ${partial}}}`.repeat(10);

/** The 15-line manifest of the issue: each prompt would render 100 MB (10^5 copies of 1,000 characters). */
export function bombManifest(prompt = tenOf("e")): string {
  const values = Array.from({ length: 200 }, (_, i) => i).join(", ");
  return [
    "version: 1",
    "campaign: bomb",
    "partials:",
    `  a: "${"x".repeat(1000)}"`,
    `  b: "${tenOf("a")}"`,
    `  c: "${tenOf("b")}"`,
    `  d: "${tenOf("c")}"`,
    `  e: "${tenOf("d")}"`,
    "videos:",
    '  - name: "v-{{n}}"',
    `    prompt: "${prompt}"`,
    MODEL.trimEnd(),
    "    matrix:",
    `      n: [${values}]`,
    "",
  ].join("\n");
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "reelform-render-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const SMALL_HEAP = { NODE_OPTIONS: "--max-old-space-size=128" };

describe("9. a template bomb", () => {
  it(
    "validate and plan stop at the rendered-size bound with a located error, in a 128 MB heap",
    { timeout: 60_000 },
    async () => {
      const dir = folder({ "bomb.yaml": bombManifest() });
      for (const command of ["validate", "plan"]) {
        const result = await runCli([command, "bomb.yaml"], { cwd: dir, env: SMALL_HEAP, timeoutMs: 50_000 });
        expect(result.signal).toBeNull();
        expect(result.code).toBe(1);
        expect(result.stderr).not.toMatch(/heap out of memory|    at /);
        expect(result.stderr).toMatch(
          /^bomb\.yaml:11:13: error: video "v-\{\{n\}\}" \[n=0\]: the template renders more than 1000000 characters \(partials, blocks or helpers multiply its text\)/m,
        );
      }
    },
  );

  it(
    "the same through a block and a helper: {{#each}} over a list and replace fed its own output",
    { timeout: 60_000 },
    async () => {
      const each = folder({
        "bomb.yaml": bombManifest("{{#each (lookup this 'list')}}{{> d}}{{/each}}").replace(
          "videos:",
          `vars:\n  list: [${Array.from({ length: 500 }, (_, i) => i).join(", ")}]\nvideos:`,
        ),
      });
      const viaEach = await runCli(["validate", "bomb.yaml"], { cwd: each, env: SMALL_HEAP, timeoutMs: 50_000 });
      expect(viaEach.stderr).toContain("the template renders more than 1000000 characters");
      const p = "{{> c}}";
      const nested = `{{replace (replace (replace (replace '${p}' 'x' '${"y".repeat(100)}') 'y' '${"z".repeat(100)}') 'z' '${"w".repeat(100)}') 'w' '${"v".repeat(100)}'}}`;
      const replace = folder({ "bomb.yaml": bombManifest(nested.replace(p, "xxxxxxxxxx")) });
      const viaHelper = await runCli(["validate", "bomb.yaml"], { cwd: replace, env: SMALL_HEAP, timeoutMs: 50_000 });
      expect(viaHelper.code).toBe(1);
      expect(viaHelper.stderr).toContain("the template renders more than 1000000 characters");
    },
  );
});

describe("11. a FIFO where a file should be", () => {
  it("as rows: render refuses it at once, naming the file", { timeout: 30_000 }, async () => {
    const dir = folder({
      "m.yaml": `version: 1\ncampaign: x\nvideos:\n  - name: "v-{{a}}"\n    rows: rows.csv\n    prompt: "{{a}}"\n${MODEL}`,
    });
    execFileSync("mkfifo", [join(dir, "rows.csv")]);
    const result = await runCli(["render", "m.yaml"], { cwd: dir, timeoutMs: 20_000 });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'm.yaml:5:11: error: cannot read data file "rows.csv" (rows.csv): it is a FIFO (named pipe), not a regular file',
    );
  });

  it("as the manifest: validate refuses it at once", { timeout: 30_000 }, async () => {
    const dir = folder({});
    execFileSync("mkfifo", [join(dir, "m.yaml")]);
    const result = await runCli(["validate", "m.yaml"], { cwd: dir, timeoutMs: 20_000 });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("manifest m.yaml is not a regular file");
  });
});
