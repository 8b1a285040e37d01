// Every environment variable reelform reads is declared once, in src/config/settings.ts, and read through its
// resolver: this test greps src/ for reads by name anywhere else (`env.NAME`, `env["NAME"]`, process.env
// below the entry points) and for variable names that are not declared.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { OWN_SECRET_ENV } from "../../src/config/secret-env.js";
import { SETTINGS } from "../../src/config/settings.js";
import { REPO } from "../helpers/exec.js";

const RESOLVER = "src/config/settings.ts";
/** The entry points hand the whole environment to the commands (they read no variable themselves). */
const PROCESS_ENV_ALLOWED = new Set(["src/cli.ts", "src/demo.ts"]);
const DECLARED = new Set(SETTINGS.map((s) => s.env));
/** `env.NAME`, `env?.NAME`, `env["NAME"]` (not `{{env.NAME}}`, a template's reference; process.env is checked apart). */
const READ_BY_NAME = /(?<!\{\{|process\.)\benv\??\.([A-Z][A-Z0-9_]*)\b|\benv\??\.?\[\s*["'`]([^"'`]+)["'`]\s*\]/g;

/** The problems of one source file: reads by name outside the resolver, undeclared variable names. */
export function envReadProblems(file: string, source: string, declared: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  source.split("\n").forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (/^\s*(\/\/|\/?\*)/.test(line)) return; // comments may name `env.NAME` (a template reference)
    for (const m of line.matchAll(READ_BY_NAME))
      problems.push(`${where}: reads ${m[1] ?? m[2]} directly; read it through ${RESOLVER}`);
    if (/\bprocess\.env\b/.test(line) && !PROCESS_ENV_ALLOWED.has(file))
      problems.push(`${where}: reads process.env; commands get ctx.env, settings come from ${RESOLVER}`);
    for (const m of line.matchAll(/\b(?:REELFORM|TENCENTCLOUD)_[A-Z0-9_]*[A-Z0-9]\b|\bPG[A-Z]{2,}\b/g))
      if (!declared.has(m[0])) problems.push(`${where}: ${m[0]} is not declared in ${RESOLVER}`);
  });
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".generated.ts") ? [path] : [];
  });
}

describe("environment variables", () => {
  it("are read only through the settings resolver, and every one is declared", () => {
    const problems = sourceFiles(join(REPO, "src"))
      .map((path) => relative(REPO, path))
      .filter((file) => file !== RESOLVER)
      .flatMap((file) => envReadProblems(file, readFileSync(join(REPO, file), "utf8"), DECLARED));
    expect(problems).toEqual([]);
  });

  it("the check catches a direct read, a read by string and an undeclared name", () => {
    const declared = new Set(["REELFORM_RATE"]);
    expect(envReadProblems("src/a.ts", "const r = env.REELFORM_RATE;", declared)).toHaveLength(1);
    expect(envReadProblems("src/a.ts", 'const r = ctx.env?.["REELFORM_RATE"];', declared)).toHaveLength(1);
    expect(envReadProblems("src/a.ts", "const r = process.env.HOME;", declared)).toHaveLength(1);
    expect(envReadProblems("src/a.ts", 'const name = "REELFORM_NEW_THING";', declared)).toEqual([
      "src/a.ts:1: REELFORM_NEW_THING is not declared in src/config/settings.ts",
    ]);
    expect(envReadProblems("src/a.ts", "// a template reads {{env.HOME}}", declared)).toEqual([]);
    expect(envReadProblems("src/a.ts", 'const doc = "readable as {{env.NAME}}";', declared)).toEqual([]);
    expect(envReadProblems("src/a.ts", "settingText(env, RATE)", declared)).toEqual([]);
  });

  it("are declared once each", () => {
    expect(new Set(SETTINGS.map((s) => s.env)).size).toBe(SETTINGS.length);
  });

  it("that hold secrets are kept from templates: reelform's credentials, the state URL and PGPASSWORD", () => {
    expect([...OWN_SECRET_ENV].sort()).toEqual(
      [
        "PGPASSWORD",
        "REELFORM_API_KEY",
        "REELFORM_STATE",
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "TENCENTCLOUD_SESSION_TOKEN",
      ].sort(),
    );
  });
});
