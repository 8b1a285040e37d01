// docs/commands.md's environment-variable table is generated from the declarations (src/config/settings.ts):
// `npm run docs:env` rewrites it, and this test fails when the page and the declarations differ.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_TABLE_END, ENV_TABLE_START, envTable, withEnvTable } from "../../src/config/settings-doc.js";
import { SETTINGS } from "../../src/config/settings.js";
import { REPO } from "../helpers/exec.js";

const page = (): string => readFileSync(join(REPO, "docs/commands.md"), "utf8");

describe("the environment-variable table of docs/commands.md", () => {
  it("is the one generated from the declarations (run `npm run docs:env` after changing them)", () => {
    const text = page();
    expect(text).toContain(ENV_TABLE_START);
    expect(text).toContain(ENV_TABLE_END);
    expect(withEnvTable(text)).toBe(text);
  });

  it("lists every declared variable", () => {
    const table = envTable();
    for (const setting of SETTINGS) expect(table).toContain(`\`${setting.env}\``);
  });

  it("notices a declaration the page does not have yet", () => {
    const extra = [...SETTINGS, { env: "REELFORM_NEW", kind: SETTINGS[0]!.kind, usedBy: "`plan`", doc: "new" }];
    expect(withEnvTable(page(), envTable(extra))).not.toBe(page());
  });
});
