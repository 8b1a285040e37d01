import { describe, expect, it } from "vitest";
import { check, withVideos } from "./helpers.js";

describe("numbers YAML would silently change", () => {
  it("refuses an unquoted model_version 2.0, quoting the text the user wrote", () => {
    const result = check(withVideos("  - name: a\n    model_version: 2.0\n"));
    expect(result.doc).toBeUndefined();
    expect(result.lines).toEqual([
      'm.yaml:5:20: error: videos[0].model_version must be a string (write "2.0" in quotes)',
    ]);
  });

  it("refuses numbers and booleans in every string-typed API field", () => {
    const result = check(
      withVideos("  - name: a\n    prompt: true\n    output_config: { resolution: 1080, aspect_ratio: 1.0 }\n"),
    );
    expect(result.lines).toEqual([
      'm.yaml:5:13: error: videos[0].prompt must be a string (write "true" in quotes)',
      'm.yaml:6:34: error: videos[0].output_config.resolution must be a string (write "1080" in quotes)',
      'm.yaml:6:54: error: videos[0].output_config.aspect_ratio must be a string (write "1.0" in quotes)',
    ]);
  });

  it("refuses lossy numbers in vars and matrix values", () => {
    const result = check(withVideos("  - name: a-{{v}}\n    matrix: { v: [1.50, 2] }\n", "vars: { sku: 010 }\n"));
    expect(result.lines).toEqual([
      'm.yaml:3:14: error: vars.sku: YAML reads 010 as the number 10 (write "010" in quotes to keep it as text, or 10 if you mean the number)',
      'm.yaml:6:19: error: videos[0].matrix.v[0]: YAML reads 1.50 as the number 1.5 (write "1.50" in quotes to keep it as text, or 1.5 if you mean the number)',
    ]);
  });

  it("accepts 5.0 where the API types a number", () => {
    const text = withVideos(
      "  - name: a\n    takes: 2.0\n    tasks_priority: 1.0\n    output_config: { duration: 5.0 }\n",
      "budget: 10.50\napply: { rate: 20.0, parallelism: 8 }\ndefaults: { output_config: { duration: 10.0 } }\nprices: { rules: [{ model_name: Kling, per_second: 0.50 }] }\n",
    );
    const result = check(text);
    expect(result.lines).toEqual([]);
    expect(result.doc?.videos[0]?.output_config).toEqual({ duration: 5 });
  });
});

describe("wrong types and values", () => {
  it("lists the allowed values of an enum with the closest one", () => {
    const result = check(
      withVideos("  - name: a\n    enhance_prompt: enabled\n    output_config: { storage_mode: Permanet }\n"),
    );
    expect(result.lines).toEqual([
      'm.yaml:5:21: error: videos[0].enhance_prompt must be one of Enabled, Disabled, not "enabled" (did you mean "Enabled"?)',
      'm.yaml:6:36: error: videos[0].output_config.storage_mode must be one of Permanent, Temporary, not "Permanet" (did you mean "Permanent"?)',
    ]);
  });

  it("accepts a template wherever an enum or a number stands", () => {
    const text = withVideos(
      '  - name: a-{{m}}\n    enhance_prompt: "{{mode}}"\n    tasks_priority: "{{p}}"\n    output_config: { duration: "{{d}}", audio_generation: "{{a}}" }\n    matrix: { m: [x] }\n',
    );
    expect(check(text).lines).toEqual([]);
  });

  it("says which kinds of value a field takes", () => {
    const result = check(
      withVideos(
        "  - name: a\n    tasks_priority: high\n    ext_info: 5\n    output_config: { duration: true }\n    file_infos: { url: x }\n",
      ),
    );
    expect(result.lines).toEqual([
      'm.yaml:5:21: error: videos[0].tasks_priority must be a whole number or a template such as "{{var}}", not the text "high"',
      "m.yaml:6:15: error: videos[0].ext_info must be a mapping (key: value lines) or a string, not the number 5",
      "m.yaml:7:32: error: videos[0].output_config.duration must be a number or a string, not true",
      "m.yaml:8:17: error: videos[0].file_infos must be a list, not a mapping",
    ]);
  });

  it("checks ranges, version, campaign name and empty lists", () => {
    const result = check("version: 2\ncampaign: ../etc\nvideos: []\n");
    expect(result.lines).toEqual([
      "m.yaml:1:10: error: version must be 1, not 2",
      "m.yaml:2:11: error: campaign must be a safe name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters (it names files and session ids)",
      "m.yaml:3:9: error: videos must not be an empty list",
    ]);
  });

  it("reports an empty value as empty", () => {
    expect(check(withVideos("  - name: a\n    prompt:\n")).lines).toEqual([
      "m.yaml:5:5: error: videos[0].prompt is empty: it must be a string (give it a value, or remove the key)",
    ]);
  });

  it("refuses a document that is not a mapping", () => {
    expect(check("").lines).toEqual([
      "m.yaml:1:1: error: a manifest must be a mapping with version, campaign and videos",
    ]);
    expect(check("- a\n").lines).toEqual([
      "m.yaml:1:1: error: a manifest must be a mapping with version, campaign and videos",
    ]);
  });

  it("names missing required fields", () => {
    expect(check("version: 1\n").lines).toEqual([
      'm.yaml:1:1: error: the manifest is missing the required field "campaign"',
      'm.yaml:1:1: error: the manifest is missing the required field "videos"',
    ]);
  });
});

describe("unknown keys", () => {
  it("are errors at the top level and in runner settings, with a suggestion", () => {
    const result = check(withVideos("  - name: a\n", "campain: x\napply: { paralellism: 4 }\n"));
    expect(result.lines).toEqual([
      'm.yaml:3:1: error: unknown top-level key: "campain" (did you mean "campaign"?)',
      'm.yaml:4:10: error: unknown key in apply: "paralellism" (did you mean "parallelism"?)',
    ]);
  });

  it("report a misspelt required key once, not also as missing", () => {
    expect(check("version: 1\ncampain: x\nvideos: [{ name: a }]\n").lines).toEqual([
      'm.yaml:2:1: error: unknown top-level key: "campain" (did you mean "campaign"?)',
    ]);
  });

  it("list the expected keys when nothing is close", () => {
    expect(check(withVideos("  - name: a\n", "zzz: 1\n")).lines[0]).toMatch(
      /unknown top-level key: "zzz" \(expected one of version, campaign, description, vars,/,
    );
  });

  it("inside a video, defaults, output_config and file_infos: a near-miss of a known field is an error with the suggestion, a field near none a warning (sent as written), documented fields (seed) are known", () => {
    const text = withVideos(
      "  - name: a\n    promt: hello\n    seed: 7\n    output_config: { resolutoin: 720P }\n    file_infos: [{ type: Url, category: Image, url: 'https://x/a.png', weight: 1 }]\n",
      "defaults: { negative_promt: blur }\n",
    );
    const result = check(text);
    expect(result.lines).toEqual([
      'm.yaml:3:13: error: unknown field "negative_promt" in defaults (did you mean "negative_prompt"?)',
      'm.yaml:6:5: error: unknown field "promt" in videos[0] (did you mean "prompt"?)',
      'm.yaml:8:22: error: unknown field "resolutoin" in videos[0].output_config (did you mean "resolution"?)',
      'm.yaml:9:72: warning: unknown field "weight" in videos[0].file_infos[0] passes through to the API unchanged',
    ]);
  });

  it("are errors when they look like a misspelt runner field (it would never reach the matrix)", () => {
    expect(check(withVideos("  - name: a\n    matirx: { a: [1] }\n")).lines).toEqual([
      'm.yaml:5:5: error: unknown field "matirx" in videos[0] (did you mean "matrix"?)',
    ]);
  });
});

describe("document rules", () => {
  it("keeps runner fields out of defaults, and catches their misspellings there too", () => {
    expect(check(withVideos("  - name: a\n", "defaults: { takes: 2, matirx: {} }\n")).lines).toEqual([
      'm.yaml:3:13: error: "takes" cannot be set in defaults: id, name, renamed_from, matrix, rows, takes, checks, vars belong to each video (move "takes" into the videos that need it)',
      'm.yaml:3:23: error: unknown field "matirx" in defaults (did you mean "matrix"?)',
    ]);
  });

  it("needs a name or an id on every video", () => {
    expect(check(withVideos("  - prompt: hi\n")).lines).toEqual([
      'm.yaml:4:5: error: a video needs a `name` (its key template, e.g. "hero-{{product}}") or an `id`: keys are never positions, so reordering videos changes nothing',
    ]);
  });

  it("refuses session_id and explains that apply derives it", () => {
    expect(check(withVideos("  - name: a\n    session_id: mine\n")).lines).toEqual([
      "m.yaml:5:5: error: session_id cannot be set in a manifest: apply derives it from the campaign, the key, the body hash and the generation, so a retry can never create a second paid task",
    ]);
  });

  it("refuses duplicate video ids, naming the first", () => {
    expect(check(withVideos("  - id: hero\n  - id: hero\n")).lines).toEqual([
      'm.yaml:5:9: error: video id "hero" is already used by videos[0] (line 4) (give each video its own id)',
    ]);
  });

  it("keeps data files inside the manifest's folder", () => {
    const result = check(
      withVideos(
        "  - name: a\n    rows: /etc/passwd\n  - name: b\n    rows: ../../secrets.csv\n  - name: c\n    rows: data/products.xlsx\n",
        "prices: ../prices.yaml\n",
      ),
    );
    expect(result.lines).toEqual([
      'm.yaml:3:9: error: prices must be a path inside the manifest\'s folder, not "../prices.yaml" (copy the file next to the manifest and give a relative path)',
      'm.yaml:6:11: error: videos[0].rows must be a path inside the manifest\'s folder, not "/etc/passwd" (copy the file next to the manifest and give a relative path)',
      'm.yaml:8:11: error: videos[1].rows must be a path inside the manifest\'s folder, not "../../secrets.csv" (copy the file next to the manifest and give a relative path)',
      'm.yaml:10:11: error: videos[2].rows must name a CSV, JSON or YAML file (by its extension), not "data/products.xlsx"',
    ]);
  });
});

describe("all problems in one run", () => {
  it("reports YAML-level, schema and rule problems together, in file order", () => {
    const text = [
      "version: 1",
      "campaign: launch",
      "vars: { a: 1, a: 2 }",
      "videos:",
      "  - name: one",
      "    model_version: 2.0",
      "    promt: x",
      "  - prompt: no key",
      "    output_config: { storage_mode: temp }",
      "",
    ].join("\n");
    const result = check(text);
    expect(result.doc).toBeUndefined();
    expect(result.lines).toEqual([
      'm.yaml:3:15: error: duplicate key "a" (first defined on line 3) (keep one of the two)',
      'm.yaml:6:20: error: videos[0].model_version must be a string (write "2.0" in quotes)',
      'm.yaml:7:5: error: unknown field "promt" in videos[0] (did you mean "prompt"?)',
      'm.yaml:8:5: error: a video needs a `name` (its key template, e.g. "hero-{{product}}") or an `id`: keys are never positions, so reordering videos changes nothing',
      'm.yaml:9:36: error: videos[1].output_config.storage_mode must be one of Permanent, Temporary, not "temp"',
    ]);
  });
});

describe("messages for custom patterns and mixed types", () => {
  it("explain allow_env names, video ids and matrix values", () => {
    const text = withVideos(
      "  - id: 'hero clip'\n  - name: b-{{x}}\n    matrix: { x: [[1, 2]] }\n",
      "allow_env: [BRAND, 1X]\n",
    );
    expect(check(text).lines).toEqual([
      "m.yaml:3:20: error: allow_env entries must be environment variable names: letters, digits and '_', not starting with a digit",
      "m.yaml:5:9: error: a video id must be letters, digits, '.', '_' and '-', starting with a letter or digit (it appears in keys)",
      "m.yaml:7:19: error: videos[1].matrix.x[0] must be a string, a number, true/false or a mapping (key: value lines), not a list",
    ]);
  });
});

describe("inline price tables", () => {
  it("are checked like any runner setting", () => {
    const text = withVideos(
      "  - name: a\n",
      "prices:\n  currency: USD\n  rules:\n    - { model_name: Kling, per_secnd: 0.1 }\n    - { model_name: Vidu, per_second: -1 }\n",
    );
    expect(check(text).lines).toEqual([
      'm.yaml:6:28: error: unknown key in prices.rules[0]: "per_secnd" (did you mean "per_second"?)',
      "m.yaml:7:39: error: prices.rules[1].per_second must be at least 0, not -1",
    ]);
  });

  it("may be a file path instead", () => {
    expect(check(withVideos("  - name: a\n", "prices: prices.yaml\n")).lines).toEqual([]);
    expect(check(withVideos("  - name: a\n", "prices: 5\n")).lines).toEqual([
      "m.yaml:3:9: error: prices must be a string or a mapping (key: value lines), not the number 5",
    ]);
  });
});

describe("scale", () => {
  it("translates thousands of schema errors in linear time (once quadratic: minutes)", () => {
    const videos = Array.from(
      { length: 1500 },
      (_, i) => `  - name: v${i}\n    enhance_prompt: enabeld\n    tasks_priority: high\n`,
    ).join("");
    // CPU time this process spent, not wall-clock time: other work on a loaded machine does not stretch it.
    const cpu = process.cpuUsage();
    const result = check(withVideos(videos));
    expect(result.diagnostics).toHaveLength(3000);
    expect(result.lines[1]).toBe(
      'm.yaml:6:21: error: videos[0].tasks_priority must be a whole number or a template such as "{{var}}", not the text "high"',
    );
    const spent = process.cpuUsage(cpu);
    expect((spent.user + spent.system) / 1000, "CPU milliseconds").toBeLessThan(10_000);
  });
});

describe("JSON manifests", () => {
  it("are read by the same safe reader, with positions", () => {
    const result = check(
      '{"version": 1, "campaign": "x",\n "videos": [{"name": "a", "model_version": 2.0}]}\n',
      "m.json",
    );
    expect(result.lines).toEqual([
      'm.json:2:44: error: videos[0].model_version must be a string (write "2.0" in quotes)',
    ]);
  });
});
