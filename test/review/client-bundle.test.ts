// The review page's client is ES modules bundled by esbuild from one entry (scripts/build-review-client.mjs):
// a module the entry does not reach would silently be left out of the page, so every file of
// src/review/client/ must be in the bundle; and the bundle must run as the page's one inline classic script
// under its Content-Security-Policy (no module syntax, no eval, nothing that closes the <script> element).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { REVIEW_CLIENT_BUILD } from "../../scripts/build-review-client.mjs";
import { REPO } from "../helpers/exec.js";

const CLIENT = join(REPO, "src", "review", "client");

async function bundle() {
  const result = await build({ ...REVIEW_CLIENT_BUILD, write: false, metafile: true, logLevel: "silent" });
  return { inputs: Object.keys(result.metafile.inputs), text: result.outputFiles[0]?.text ?? "" };
}

describe("the review page's client bundle", () => {
  it("holds every module of src/review/client/, reached from main.ts", async () => {
    const { inputs } = await bundle();
    const modules = readdirSync(CLIENT).filter((name) => name.endsWith(".ts"));
    expect(modules.length).toBeGreaterThan(5);
    const missing = modules.map((name) => `src/review/client/${name}`).filter((path) => !inputs.includes(path));
    expect(missing, "client modules not imported (directly or not) by src/review/client/main.ts").toEqual([]);
    // The page's layout rules are shared with the writer of the page, not copied.
    expect(inputs).toContain("src/review/display-order.ts");
  });

  it("is one classic script the page's CSP runs: no import/export, no eval, no </script>", async () => {
    const { text } = await bundle();
    expect(text.length).toBeGreaterThan(10_000);
    expect(text).not.toMatch(/^\s*(import|export)\s/m);
    expect(text).not.toMatch(/\beval\(|new Function\(/);
    expect(text.toLowerCase()).not.toContain("</script");
  });
});
