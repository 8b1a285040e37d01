// Issue 10, items 6, 11 and 12: what a manifest in a pull request can do to the built CLI. Each must end in one
// clear, located error, never a stack trace, and never read a file outside the manifest's folder.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";

const MODEL = '    model_name: Kling\n    model_version: "2.1"\n';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "reelform-hostile-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function expectCleanError(result: { code: number | null; stderr: string }): void {
  expect(result.code).toBe(1);
  expect(result.stderr).not.toMatch(/internal error|RangeError|    at /);
}

describe("6. a rows: file that is a symlink", () => {
  const manifest = `version: 1\ncampaign: x\nvideos:\n  - name: "v-{{root}}"\n    rows: people.csv\n    prompt: "{{root}}"\n${MODEL}`;

  it("to /etc/passwd is refused with the error of a path that escapes, and its content never reaches plan --markdown", async () => {
    const dir = folder({ "m.yaml": manifest });
    symlinkSync("/etc/passwd", join(dir, "people.csv"));
    const result = await runCli(["plan", "m.yaml", "--markdown"], { cwd: dir });
    expectCleanError(result);
    expect(result.stderr).toContain(
      `m.yaml:5:11: error: videos[0].rows must be a path inside the manifest's folder, not "people.csv" (copy the file next to the manifest and give a relative path)`,
    );
    expect(result.stdout + result.stderr).not.toContain("root:");
  });

  it("to a file in a sibling folder is refused too; a link that stays inside the folder is read", async () => {
    const parent = mkdtempSync(join(tmpdir(), "reelform-hostile-"));
    mkdirSync(join(parent, "other"));
    writeFileSync(join(parent, "other", "secret.csv"), "root\nsecret-value\n");
    mkdirSync(join(parent, "campaign"));
    writeFileSync(join(parent, "campaign", "m.yaml"), manifest);
    symlinkSync("../other/secret.csv", join(parent, "campaign", "people.csv"));
    const outside = await runCli(["validate", "m.yaml"], { cwd: join(parent, "campaign") });
    expectCleanError(outside);
    expect(outside.stderr).toContain("videos[0].rows must be a path inside the manifest's folder");

    const inside = folder({ "m.yaml": manifest, "real.csv": "root\nalice\n" });
    symlinkSync("real.csv", join(inside, "people.csv"));
    expect((await runCli(["validate", "m.yaml"], { cwd: inside })).stdout).toContain("m.yaml: ok, 1 request");
  });
});

describe("11. inputs that used to end in a stack trace", () => {
  it("3,000-level block YAML is a located YAML error", async () => {
    const deep = Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i + 2)}- `).join("\n");
    const dir = folder({
      "m.yaml": `version: 1\ncampaign: x\nvars:\n  deep:\n${deep}x\nvideos:\n  - name: a\n    prompt: p\n${MODEL}`,
    });
    const result = await runCli(["validate", "m.yaml"], { cwd: dir });
    expectCleanError(result);
    expect(result.stderr).toMatch(
      /^m\.yaml:\d+:\d+: error: YAML syntax error: the document is nested (more than 64 levels deep|too deeply to read)/m,
    );
  });

  it("a 10^12-request matrix with --max-requests 1e15 is refused at the flag, and under the ceiling by the cap", async () => {
    const axis = `[${Array.from({ length: 1000 }, (_, i) => i).join(", ")}]`;
    const dir = folder({
      "m.yaml": `version: 1\ncampaign: x\nvideos:\n  - name: "v-{{a}}-{{b}}-{{c}}-{{d}}"\n    prompt: p\n    matrix: { a: ${axis}, b: ${axis}, c: ${axis}, d: ${axis} }\n${MODEL}`,
    });
    const flag = await runCli(["plan", "m.yaml", "--max-requests", "1e15"], { cwd: dir });
    expectCleanError(flag);
    expect(flag.stderr).toContain(
      '--max-requests may be at most 500000 (a manifest of more requests is not supported: split it), got "1e15"',
    );
    const cap = await runCli(["plan", "m.yaml", "--max-requests", "500000"], { cwd: dir });
    expectCleanError(cap);
    expect(cap.stderr).toContain(
      "m.yaml:4:5: error: this video expands to up to 1000000000000 requests, over the cap of 500000",
    );
  });

  it(
    "plan --json on a million CSV rows fails at the documented ceiling, and under it as soon as the rows pass the cap",
    { timeout: 180_000 },
    async () => {
      const rows = `sku\n${Array.from({ length: 1_000_000 }, (_, i) => `s${i}`).join("\n")}\n`;
      const dir = folder({
        "m.yaml": `version: 1\ncampaign: x\nvideos:\n  - name: "v-{{sku}}"\n    rows: rows.csv\n    prompt: "{{sku}}"\n${MODEL}`,
        "rows.csv": rows,
      });
      const raised = await runCli(["plan", "m.yaml", "--json", "--max-requests", "1000000"], { cwd: dir });
      expectCleanError(raised);
      expect(raised.stderr).toContain("--max-requests may be at most 500000");
      expect(raised.stdout).toBe("");
      const capped = await runCli(["plan", "m.yaml", "--json", "--max-requests", "500000"], {
        cwd: dir,
        timeoutMs: 120_000,
      });
      expectCleanError(capped);
      expect(capped.stderr).toContain(
        'm.yaml:5:11: error: data file "rows.csv" has more than 500000 rows, so this video expands to more requests than the cap of 500000 (raise --max-requests (now 500000) or split the file)',
      );
    },
  );
});

describe("12. deeply nested {{#if}}", () => {
  it("5,000 levels are refused before Handlebars parses them, in a prompt and in a partial", async () => {
    const nested = `${"{{#if a}}".repeat(5000)}x${"{{/if}}".repeat(5000)}`;
    const dir = folder({
      "prompt.yaml": `version: 1\ncampaign: x\nvars: { a: true }\nvideos:\n  - name: a\n    prompt: "${nested}"\n${MODEL}`,
      "partial.yaml": `version: 1\ncampaign: x\nvars: { a: true }\npartials:\n  deep: "${nested}"\nvideos:\n  - name: a\n    prompt: "{{> deep}}"\n${MODEL}`,
    });
    const prompt = await runCli(["validate", "prompt.yaml"], { cwd: dir });
    expectCleanError(prompt);
    expect(prompt.stderr).toMatch(
      /^prompt\.yaml:6:13: error: the template nests blocks or sub-expressions more than 32 levels deep in "\{\{#if a\}\}.*… \(79801 more characters\)$/m,
    );
    const partial = await runCli(["validate", "partial.yaml"], { cwd: dir });
    expectCleanError(partial);
    expect(partial.stderr).toContain(
      'partial.yaml:5:9: error: partial "deep": the template nests blocks or sub-expressions more than 32 levels deep (split it into smaller partials)',
    );
  });
});
