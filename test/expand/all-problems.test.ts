// "All problems are reported in one run": schema errors in some videos do not hide the template, data-file
// and API-rule problems of the others, and each later stage still runs over what the earlier ones let through.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileManifest } from "../../src/expand/compile.js";
import { DiagnosticsError } from "../../src/errors.js";
import { check, lines } from "../manifest/helpers.js";

const HEADER = `version: 1
campaign: all
defaults:
  model_name: Kling
  model_version: "2.1"
`;

/** What `validate` would print for a manifest in a fresh folder (with optional data files). */
async function report(yaml: string, files: Record<string, string> = {}, strict = false): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "rf-all-"));
  await writeFile(join(dir, "m.yaml"), yaml);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  try {
    const result = await compileManifest("m.yaml", { cwd: dir, env: {}, strict });
    return lines(result.warnings);
  } catch (error) {
    if (error instanceof DiagnosticsError) return lines(error.diagnostics);
    throw error;
  }
}

describe("one run reports every problem", () => {
  it("a schema error in one video, a missing variable, a model rule and a missing data file in three others: all four, in line order", async () => {
    const found = await report(`${HEADER}videos:
  - name: a
    prompt: "a {{missing}}"
  - name: b
    prompt: 42
  - name: c
    prompt: "c"
    output_config: { resolution: 9000P }
  - name: "d-{{n}}"
    prompt: "d"
    rows: nothere.csv
`);
    expect(found).toEqual([
      expect.stringMatching(/^m\.yaml:8:13: error: video "a": variable "missing" is not defined/),
      expect.stringMatching(/^m\.yaml:10:13: error: videos\[1\]\.prompt must be a string/),
      expect.stringMatching(/^m\.yaml:13:34: error: \[c\] Kling 2\.1: resolution "9000P" is not one of/),
      expect.stringMatching(/^m\.yaml:16:11: error: cannot read data file "nothere\.csv"/),
    ]);
  });

  it("a bad data file in one video does not hide a template error in another (no schema errors at all)", async () => {
    const found = await report(
      `${HEADER}videos:
  - name: "row-{{n}}"
    prompt: "p {{n}}"
    rows: rows.csv
  - name: b
    prompt: "b {{nope}}"
`,
      { "rows.csv": 'n\n"unterminated\n' },
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^rows\.csv:/);
    expect(found[1]).toMatch(/^m\.yaml:11:13: error: video "b": variable "nope" is not defined/);
  });

  it("requests that did expand are checked even when another video failed to expand", async () => {
    const found = await report(`${HEADER}videos:
  - name: a
    prompt: "a {{nope}}"
  - name: b
    prompt: "b"
    output_config: { resolution: 9000P }
`);
    expect(found).toEqual([
      expect.stringMatching(/variable "nope" is not defined/),
      expect.stringMatching(/^m\.yaml:11:34: error: \[b\] .*resolution "9000P"/),
    ]);
  });

  it("an error outside the videos (here in defaults) stops there: the videos are not expanded on a broken base", async () => {
    const found = await report(`version: 1
campaign: all
defaults:
  model_name: 42
videos:
  - name: a
    prompt: "a {{missing}}"
`);
    expect(found).toEqual([expect.stringMatching(/^m\.yaml:4:15: error: defaults\.model_name/)]);
  });

  it("--strict turns the other videos' warnings into errors too", async () => {
    const found = await report(
      `${HEADER}videos:
  - name: a
    prompt: 42
  - name: b
    prompt: "b"
    some_future_field: 1
`,
      {},
      true,
    );
    expect(found).toHaveLength(2);
    expect(found[1]).toMatch(/^m\.yaml:11:5: error: .*some_future_field/);
  });
});

describe("checkManifestText: which videos can still be checked", () => {
  it("names the videos with errors of their own", () => {
    const result = check(`${HEADER}videos:
  - name: a
    prompt: 42
  - name: b
    prompt: "b"
  - id: a2
    name: c
    prompt: "c"
  - id: a2
    name: d
    prompt: "d"
`);
    expect(result.doc).toBeUndefined();
    expect([...(result.partial?.skipVideos ?? [])].sort()).toEqual([0, 3]);
  });

  it("offers nothing when every video has errors, or the document uses aliases", () => {
    expect(check(`${HEADER}videos:\n  - name: a\n    prompt: 42\n`).partial).toBeUndefined();
    const aliased = check(`${HEADER}videos:
  - name: &shared a
    prompt: "a"
  - name: b
    prompt: 42
  - name: *shared
    prompt: "c"
`);
    expect(aliased.lines.length).toBeGreaterThan(0);
    expect(aliased.partial).toBeUndefined();
  });
});
