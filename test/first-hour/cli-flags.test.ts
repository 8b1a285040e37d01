// Issue 16, items 7-9: flags that would do nothing, truthful pattern warnings, and saved-plan advice that
// repeats the plan's own flags. Built CLI (`npm run build` first); nothing here reaches an API.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileTree } from "../expand/loaded.js";
import { runCli } from "../helpers/exec.js";
import { HEADER } from "./manifest-header.js";

const MANIFEST = `${HEADER}videos:
  - name: "catalog-{{sku}}"
    prompt: "item {{sku}}"
    matrix: { sku: [101, 102] }
  - name: "hero-{{p}}"
    prompt: "hero {{p}}"
    matrix: { p: [a, b] }
`;

// Never contacted: every refusal here happens before the first request.
const API_ENV = { REELFORM_API_KEY: "test-key", REELFORM_BASE_URL: "http://127.0.0.1:9" };

describe("flags that do nothing in the combination given are errors", () => {
  it.each([["apply"], ["status"]])("%s --timeout without --wait says why, and does nothing else", async (command) => {
    const dir = fileTree({ "m.yaml": MANIFEST });
    const result = await runCli([command, "m.yaml", "--timeout", "5m"], { cwd: dir, env: API_ENV });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${command}: --timeout does nothing here: it limits how long --wait follows the tasks, and --wait is not given (add --wait, or drop --timeout)`,
    );
    expect(result.stdout).toBe("");
  });

  it("plan --verbose with --json is refused (the JSON lists every entry anyway)", async () => {
    const result = await runCli(["plan", "m.yaml", "--json", "--verbose"], { cwd: fileTree({ "m.yaml": MANIFEST }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "plan: --verbose does nothing here: it lists unchanged entries in the text plan, and --json prints every entry anyway",
    );
  });

  it("selection flags given to apply with a saved plan are refused, naming each", async () => {
    const dir = fileTree({ "m.yaml": MANIFEST });
    expect((await runCli(["plan", "m.yaml", "--out", "p.json"], { cwd: dir })).code).toBe(0);
    const result = await runCli(["apply", "p.json", "--target", "hero-*", "--retry-failed"], {
      cwd: dir,
      env: API_ENV,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("apply: flags that would do nothing:");
    expect(result.stderr).toContain(
      "  - --target does nothing here: p.json is a saved plan, which keeps the selection it was made with",
    );
    expect(result.stderr).toContain("  - --retry-failed does nothing here:");
  });
});

describe("--replace with an --exclude that covers it", () => {
  it("says the replace has no effect because --exclude leaves its key out, not that it matches no key", async () => {
    const result = await runCli(["plan", "m.yaml", "--replace", "catalog-101", "--exclude", "catalog-*"], {
      cwd: fileTree({ "m.yaml": MANIFEST }),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("matches no key");
    expect(result.stderr).toContain(
      'reelform: warning: --replace "catalog-101" matches only keys that --exclude leaves out of the plan (catalog-101): it has no effect',
    );
    expect(result.stderr).not.toContain('--exclude "catalog-*"');
  });

  it("a pattern that really matches nothing still says so", async () => {
    const result = await runCli(["plan", "m.yaml", "--replace", "nope-*"], { cwd: fileTree({ "m.yaml": MANIFEST }) });
    expect(result.stderr).toContain('--replace "nope-*" matches no key in the manifest or the lockfile');
  });
});

describe("a stale saved plan", () => {
  it("is remade with the flags it was made with", async () => {
    const dir = fileTree({ "m.yaml": MANIFEST });
    const made = await runCli(["plan", "m.yaml", "--target", "hero-*", "--replace", "hero-a", "--out", "p.json"], {
      cwd: dir,
    });
    expect(made.code).toBe(0);
    writeFileSync(join(dir, "m.yaml"), MANIFEST.replace('"hero {{p}}"', '"a hero {{p}}"'));
    const result = await runCli(["apply", "p.json"], { cwd: dir, env: API_ENV });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "the saved plan p.json is out of date; run `reelform plan m.yaml --target 'hero-*' --replace hero-a --out p.json` again and review it:",
    );
    expect(result.stderr).toContain("  - manifest m.yaml changed");
  });
});
