import { describe, expect, it } from "vitest";
import { parseCsvRows } from "../../src/expand/rows-csv.js";
import { parseYamlRows } from "../../src/expand/rows-yaml.js";
import { resolveDataPath } from "../../src/expand/rows.js";

const at = { file: "m.yaml", line: 3, col: 5 };

describe("data rows", () => {
  it("CSV: header columns become variables; quotes, commas, newlines and a BOM handled; each row keeps its line", () => {
    const result = parseCsvRows('\uFEFFsku,title\nA1,"Lamp, ""brass"""\nB2,"two\nlines"\nC3,Chair\n', "p.csv");
    expect(result).toEqual({
      ok: true,
      rows: [
        { values: { sku: "A1", title: 'Lamp, "brass"' }, location: { file: "p.csv", line: 2, col: 1 } },
        { values: { sku: "B2", title: "two\nlines" }, location: { file: "p.csv", line: 4, col: 1 } },
        { values: { sku: "C3", title: "Chair" }, location: { file: "p.csv", line: 5, col: 1 } },
      ],
    });
  });

  it("CSV: wrong field count, duplicate, empty or reserved column names are errors with file:line", () => {
    expect(parseCsvRows("a,b\n1,2\n3\n", "p.csv")).toMatchObject({
      ok: false,
      diagnostics: [{ file: "p.csv", line: 3, message: expect.stringContaining("bad CSV row") }],
    });
    expect(parseCsvRows("a,a\n1,2\n", "p.csv")).toMatchObject({
      ok: false,
      diagnostics: [{ line: 1, message: 'column "a" appears twice in the header' }],
    });
    expect(parseCsvRows("a,,c\n1,2,3\n", "p.csv")).toMatchObject({
      ok: false,
      diagnostics: [{ line: 1, message: "column 2 of the header has no name" }],
    });
    expect(parseCsvRows("__proto__\n1\n", "p.csv")).toMatchObject({
      ok: false,
      diagnostics: [{ message: 'column name "__proto__" is reserved' }],
    });
    expect(parseCsvRows("", "p.csv")).toMatchObject({
      ok: false,
      diagnostics: [{ message: "the CSV file has no header line" }],
    });
  });

  it("YAML/JSON: a list of objects, each with its line; anything else is an error at its line", () => {
    expect(parseYamlRows("- sku: A1\n  n: 2\n- sku: B2\n", "r.yaml")).toMatchObject({
      ok: true,
      rows: [
        { values: { sku: "A1", n: 2 }, location: { line: 1 } },
        { values: { sku: "B2" }, location: { line: 3 } },
      ],
    });
    expect(parseYamlRows('[{"sku": "A1"},\n 7]', "r.json")).toMatchObject({
      ok: false,
      diagnostics: [{ file: "r.json", line: 2, message: "row 2 is not an object" }],
    });
    expect(parseYamlRows("sku: A1\n", "r.yaml")).toMatchObject({
      ok: false,
      diagnostics: [{ message: expect.stringContaining("must be a list of objects") }],
    });
    expect(parseYamlRows("- { a: 1, a: 2 }\n", "r.yaml")).toMatchObject({ ok: false });
    expect(parseYamlRows("- { env: x }\n", "r.yaml")).toMatchObject({
      ok: false,
      diagnostics: [{ message: 'row 1 uses the reserved name "env"' }],
    });
  });

  it("data files stay inside the manifest's folder and have a known format", async () => {
    const ref = (path: string) =>
      resolveDataPath({ path, manifestDir: "/repo/manifests", cwd: "/repo", at, field: ["videos", 0, "rows"] });
    expect(await ref("data/products.csv")).toEqual({ ok: true, absolute: "/repo/manifests/data/products.csv" });
    expect(await ref("../secrets.csv")).toMatchObject({
      ok: false,
      diagnostic: {
        line: 3,
        message: `videos[0].rows must be a path inside the manifest's folder, not "../secrets.csv"`,
      },
    });
    expect(await ref("/etc/passwd.csv")).toMatchObject({ ok: false });
    expect(await ref("data/products.xlsx")).toMatchObject({
      ok: false,
      diagnostic: { message: expect.stringContaining("unknown format") },
    });
  });
});
