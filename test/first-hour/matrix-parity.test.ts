// Issue 16, items 1-3: GitHub Actions users' matrices. End to end through the built CLI (`npm run build` first),
// plus the pure expansion for the ordering rules.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandMatrix } from "../../src/expand/matrix.js";
import { describeVars } from "../../src/expand/sources.js";
import type { MatrixSpec } from "../../src/manifest/types.js";
import { fileTree } from "../expand/loaded.js";
import { HEADER } from "./manifest-header.js";
import { REPO, runCli } from "../helpers/exec.js";

async function render(videos: string) {
  const dir = fileTree({ "m.yaml": `${HEADER}videos:\n${videos}` });
  const result = await runCli(["render", "m.yaml", "--json"], { cwd: dir });
  const requests = result.code === 0 ? (JSON.parse(result.stdout) as { key: string; body: { prompt: string } }[]) : [];
  return { ...result, requests };
}

const values = (m: MatrixSpec) => expandMatrix(m).map((c) => c.values);

describe("object-valued matrix axes (GitHub: matrix.node.version)", () => {
  it("accepts mappings as axis values and reads their fields as {{node.version}}, in GitHub's order", async () => {
    const result = await render(`  - name: "hero-{{node.version}}-{{os}}"
    prompt: "node {{node.version}} lts={{node.lts}} on {{os}}"
    matrix:
      node: [{ version: 14, lts: true }, { version: 16, lts: false }]
      os: [linux, mac]
`);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.requests.map((r) => [r.key, r.body.prompt])).toEqual([
      ["hero-14-linux", "node 14 lts=true on linux"],
      ["hero-14-mac", "node 14 lts=true on mac"],
      ["hero-16-linux", "node 16 lts=false on linux"],
      ["hero-16-mac", "node 16 lts=false on mac"],
    ]);
  });

  it("exclude removes exactly the combination whose object value is deep-equal (fields in any order)", async () => {
    const result = await render(`  - id: build
    prompt: "node {{node.version}} on {{os}}"
    matrix:
      node: [{ version: 14, lts: true }, { version: 16, lts: false }]
      os: [linux, mac]
      exclude: [{ node: { lts: false, version: 16 }, os: mac }, { node: { version: 14 } }]
`);
    expect(result.code).toBe(0);
    // { version: 14 } is not deep-equal to { version: 14, lts: true }: it excludes nothing (as on GitHub).
    expect(result.requests.map((r) => r.key)).toEqual([
      "build[node.lts=true,node.version=14,os=linux]",
      "build[node.lts=true,node.version=14,os=mac]",
      "build[node.lts=false,node.version=16,os=linux]",
    ]);
  });

  it("an include that filters on an object value extends only the matching combinations; a non-matching one is appended", () => {
    const matrix: MatrixSpec = {
      node: [{ version: 14 }, { version: 16 }],
      os: ["linux", "mac"],
      include: [
        { node: { version: 16 }, npm: 8 },
        { node: { version: 18 }, os: "linux" },
      ],
    };
    expect(values(matrix)).toEqual([
      { node: { version: 14 }, os: "linux" },
      { node: { version: 14 }, os: "mac" },
      { node: { version: 16 }, os: "linux", npm: 8 },
      { node: { version: 16 }, os: "mac", npm: 8 },
      { node: { version: 18 }, os: "linux" },
    ]);
  });

  it("keys made from object values are readable and do not depend on the order the YAML wrote the fields in", () => {
    const a = describeVars({ os: "linux", node: { version: 16, lts: false, meta: { arch: "x64" } } });
    const b = describeVars({ node: { meta: { arch: "x64" }, lts: false, version: 16 }, os: "linux" });
    expect(a).toBe("node.lts=false,node.meta.arch=x64,node.version=16,os=linux");
    expect(b).toBe(a);
  });

  it("{{node}} alone is an error naming the mapping, not the text [object Object]", async () => {
    const result = await render(`  - name: "v-{{node.version}}"
    prompt: "node {{node}}"
    matrix:
      node: [{ version: 14 }]
`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/m\.yaml:\d+:\d+: error: .*variable "node" is a mapping.*\{\{node\.version\}\}/);
    expect(result.stdout).not.toContain("[object Object]");
  });
});

describe("matrix: {include: []} (GitHub: Matrix must define at least one vector)", () => {
  it.each([
    ["an empty include", "matrix: { include: [] }"],
    ["an empty include and an exclude", "matrix: { include: [], exclude: [] }"],
  ])("refuses %s at the matrix's line", async (_, matrix) => {
    const dir = fileTree({ "m.yaml": `${HEADER}videos:\n  - name: a\n    prompt: p\n    ${matrix}\n` });
    const result = await runCli(["validate", "m.yaml"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^m\.yaml:10:13: error: the matrix must define at least one vector/m);
  });

  it("still accepts an include-only matrix with entries (each entry is a combination)", async () => {
    const result = await render(`  - name: "a-{{x}}"\n    prompt: p\n    matrix: { include: [{ x: 1 }, { x: 2 }] }\n`);
    expect(result.requests.map((r) => r.key)).toEqual(["a-1", "a-2"]);
  });
});

describe("GitHub's ${{ matrix.x }} spelling", () => {
  it.each([
    ["${{ matrix.product }}", ' without the "$"'],
    ["{{matrix.product}}", ""],
  ])("%s gets a hint to write {{product}}", async (written, dollar) => {
    const result = await render(
      `  - name: "a-{{product}}"\n    prompt: "${written} on a table"\n    matrix: { product: [sneaker] }\n`,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('variable "matrix" is not defined');
    expect(result.stderr).toContain(
      `(write {{product}}${dollar}: matrix values are variables of their own, with no "matrix." prefix`,
    );
  });
});

describe("docs/manifest.md's worked example of object-valued axes", () => {
  it("expands exactly as the table in docs/manifest.md says", async () => {
    const manifestDoc = readFileSync(join(REPO, "docs", "manifest.md"), "utf8");
    const section = manifestDoc.slice(manifestDoc.indexOf("### Object-valued axes"));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    expect(yaml).toContain("id: spot");
    const result = await render(yaml.replace(/^videos:\n/, ""));
    expect(result.stderr).toBe("");
    const tableKeys = [
      ...section
        .slice(0, section.indexOf("- `exclude` and"))
        .matchAll(/^\| `(spot\[[^`]+\])`( #1, #2)? \| ([^|]+) \|/gm),
    ];
    const expected = tableKeys.flatMap((m) =>
      (m[2] ? [`${m[1]}#1`, `${m[1]}#2`] : [m[1]]).map((key) => [key, m[3]?.trim()]),
    );
    expect(expected).toHaveLength(5);
    expect(result.requests.map((r) => [r.key, r.body.prompt])).toEqual(expected);
  });
});
