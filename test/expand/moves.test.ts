// Issue 21: the rename mapping. Each key the old template (`renamed_from`) gives for a matrix combination or a
// data row moves to the key the new `name` gives for the same one; `moved:` adds one-off moves; what can be
// judged without the lockfile (chains, cycles, a `from` still produced, a `to` not produced) is an error at
// file:line:col.
import { describe, expect, it } from "vitest";
import { compileLoaded } from "../../src/expand/compile.js";
import { DiagnosticsError } from "../../src/errors.js";
import { fileTree, loadedFromYaml } from "./loaded.js";

const HEADER = `version: 1
campaign: test
defaults:
  model_name: Kling
  model_version: "2.1"
  output_config: { resolution: 1080P, duration: 5 }
`;

async function compile(yaml: string, dir?: string) {
  return compileLoaded(loadedFromYaml(yaml, dir ? { dir } : {}), { cwd: dir ?? "/", env: {} });
}

async function errors(yaml: string, dir?: string): Promise<string[]> {
  try {
    await compile(yaml, dir);
  } catch (error) {
    if (error instanceof DiagnosticsError) return error.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
    throw error;
  }
  return [];
}

const pairs = (moves: { from: string; to: string }[] | undefined) => (moves ?? []).map((m) => [m.from, m.to]);

describe("renamed_from: the old key of each combination and row", () => {
  it("over a matrix, with takes: the same combination and take", async () => {
    const result = await compile(
      `${HEADER}videos:\n  - name: "{{sku}}-{{format}}"\n    renamed_from: "launch-{{sku}}-{{format}}"\n    takes: 2\n    prompt: "{{sku}}"\n    matrix: { sku: [a, b], format: [wide] }\n`,
    );
    expect(pairs(result.moves)).toEqual([
      ["launch-a-wide#1", "a-wide#1"],
      ["launch-a-wide#2", "a-wide#2"],
      ["launch-b-wide#1", "b-wide#1"],
      ["launch-b-wide#2", "b-wide#2"],
    ]);
    expect(result.moves?.[0]?.origin).toMatchObject({ line: 9, col: 19 });
    expect(result.requests[0]?.body).not.toHaveProperty("renamed_from"); // a runner field: never sent
  });

  it("over data rows times a matrix: the same row and combination", async () => {
    const dir = fileTree({ "products.csv": "sku,title\nA1,Lamp\nB2,Chair\n" });
    const result = await compile(
      `${HEADER}videos:\n  - name: "{{sku}}-{{format}}"\n    renamed_from: "p-{{sku}}-{{format}}"\n    rows: products.csv\n    matrix: { format: [wide, tall] }\n    prompt: "{{title}}"\n`,
      dir,
    );
    expect(pairs(result.moves)).toEqual([
      ["p-A1-wide", "A1-wide"],
      ["p-A1-tall", "A1-tall"],
      ["p-B2-wide", "B2-wide"],
      ["p-B2-tall", "B2-tall"],
    ]);
  });

  it("a template giving the same key moves nothing; moved: adds one-off moves", async () => {
    const result = await compile(
      `${HEADER}moved:\n  - { from: old-intro, to: intro }\nvideos:\n  - name: "{{n}}"\n    renamed_from: "{{n}}"\n    prompt: x\n    matrix: { n: [intro, outro] }\n`,
    );
    expect(pairs(result.moves)).toEqual([["old-intro", "intro"]]);
  });

  it("refuses chains, cycles, a from still produced, a to not produced and a variable the old template lacks, at file:line:col", async () => {
    const video = `videos:\n  - name: "{{n}}"\n    prompt: x\n    matrix: { n: [a, b, c] }\n`;
    expect(await errors(`${HEADER}moved:\n  - { from: z, to: a }\n  - { from: a, to: b }\n${video}`)).toEqual([
      `9:13: moves may not chain: "z" -> "a" -> "b"`,
    ]);
    expect(await errors(`${HEADER}moved:\n  - { from: x, to: y }\n  - { from: y, to: x }\n${video}`)).toEqual([
      `8:13: moves may not chain: "y" -> "x" -> "y" is a cycle`,
      `9:13: moves may not chain: "x" -> "y" -> "x" is a cycle`,
    ]);
    expect(await errors(`${HEADER}moved:\n  - { from: c, to: a }\n${video}`)).toEqual([
      `8:13: moved: "c" is still a key of this manifest: moving its entry to "a" would leave it to be generated again`,
    ]);
    expect(await errors(`${HEADER}moved:\n  - { from: old, to: nowhere }\n${video}`)).toEqual([
      `8:22: moved: "nowhere" is not a key of this manifest`,
    ]);
    expect(await errors(`${HEADER}moved:\n  - { from: old, to: a }\n  - { from: old, to: b }\n${video}`)).toEqual([
      `9:5: "old" is moved twice: to "a" and to "b"`,
    ]);
    const missing = await errors(
      `${HEADER}videos:\n  - name: "{{n}}"\n    renamed_from: "{{m}}-{{n}}"\n    prompt: x\n    matrix: { n: [a] }\n`,
    );
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^9:19: video "\{\{n\}\}" \[n=a\]: renamed_from: /);
  });
});
