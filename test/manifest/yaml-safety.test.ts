import { describe, expect, it, vi } from "vitest";
import { toJsonValue } from "../../src/manifest/yaml-convert.js";
import { parseYamlSafe } from "../../src/manifest/yaml.js";
import { lines } from "./helpers.js";

// The converter, counted: a refused document must never be built (operation counts, not wall-clock time).
vi.mock("../../src/manifest/yaml-convert.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/manifest/yaml-convert.js")>();
  return { ...original, toJsonValue: vi.fn(original.toJsonValue) };
});

const parse = (text: string, options = {}) => {
  const result = parseYamlSafe(text, "data.yaml", options);
  return { ...result, lines: lines(result.diagnostics) };
};

/** Ten levels of ten aliases each: 10^10 strings once expanded. */
function billionLaughs(levels = 10): string {
  const out = ['a0: &a0 "lol"'];
  for (let i = 1; i < levels; i++)
    out.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ")}]`);
  out.push(`bomb: [${Array.from({ length: 10 }, () => `*a${levels - 1}`).join(", ")}]`);
  return out.join("\n") + "\n";
}

describe("syntax errors", () => {
  it("reports the yaml package's message at line and column, with a hint and without its code frame", () => {
    const result = parse("prompt: a: b\nnext: 1\n");
    expect(result.value).toBeUndefined();
    expect(result.lines).toEqual([
      'data.yaml:1:9: error: YAML syntax error: Nested mappings are not allowed in compact mappings (a value that contains ": " must be quoted, e.g. prompt: "Note: …")',
    ]);
  });

  it("explains tabs used for indentation", () => {
    const result = parse("videos:\n\t- name: a\n");
    expect(result.lines[0]).toMatch(/^data\.yaml:2:1: error: YAML syntax error: .*\(indent with spaces/);
  });

  it("refuses a second document", () => {
    const result = parse("a: 1\n---\nb: 2\n");
    expect(result.lines).toEqual([
      "data.yaml:2:1: error: YAML syntax error: a second YAML document starts here (a manifest is a single YAML document: remove the extra `---`)",
    ]);
  });

  it("refuses absurdly deep nesting instead of overflowing the stack", () => {
    const result = parse(`a: ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
    expect(result.value).toBeUndefined();
    expect(result.lines[0]).toMatch(
      /^data\.yaml:1:\d+: error: YAML syntax error: the document is nested too deeply to read \(flatten/,
    );
  });

  it("reports an unclosed quote", () => {
    expect(parse('prompt: "unclosed\n').lines).toEqual([
      'data.yaml:2:1: error: YAML syntax error: Missing closing "quote (look for an unclosed quote or bracket)',
    ]);
  });
});

describe("duplicate keys", () => {
  it("are errors naming the line of the first one", () => {
    const result = parse("prompt: one\nmodel: x\nprompt: two\n");
    expect(result.lines).toEqual([
      'data.yaml:3:1: error: duplicate key "prompt" (first defined on line 1) (keep one of the two)',
    ]);
  });

  it("are found in nested and flow mappings too", () => {
    const result = parse("a:\n  b: { c: 1, c: 2 }\n");
    expect(result.lines).toEqual([
      'data.yaml:2:14: error: duplicate key "c" (first defined on line 2) (keep one of the two)',
    ]);
  });
});

describe("alias expansion is bounded", () => {
  it("refuses a billion-laughs document fast, without building it", () => {
    vi.mocked(toJsonValue).mockClear();
    const result = parse(billionLaughs());
    expect(result.value).toBeUndefined();
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(
      /^data\.yaml:2:10: error: aliases would expand this document to 1\.2e\+10 values .*billion laughs/,
    );
    expect(vi.mocked(toJsonValue), "building it would exhaust memory").not.toHaveBeenCalled();
    parse("a: &a [1, 2]\nb: *a\n");
    expect(vi.mocked(toJsonValue), "the count sees an ordinary document built").toHaveBeenCalled();
  });

  it("accepts ordinary aliases and gives each use its own copy", () => {
    const result = parse("base: &base { model: Kling, tags: [a] }\none: *base\ntwo: *base\n");
    expect(result.diagnostics).toEqual([]);
    const value = result.value as Record<string, { tags: string[] }>;
    expect(value.one).toEqual({ model: "Kling", tags: ["a"] });
    expect(value.one).not.toBe(value.two);
    expect(value.one?.tags).not.toBe(value.two?.tags);
  });

  it("refuses an alias inside the node it names", () => {
    expect(parse("loop: &x [1, *x]\n").lines).toEqual([
      "data.yaml:1:14: error: alias *x refers to a node that contains it (an endless structure)",
    ]);
  });

  it("honours a custom budget", () => {
    const text = "a: &a [1, 2, 3, 4, 5]\nb: [*a, *a, *a]\n";
    expect(parse(text).diagnostics).toEqual([]);
    expect(parse(text, { maxAliasNodes: 10 }).lines[0]).toMatch(
      /aliases would expand this document to 28 values \(aliases may add at most 10\)/,
    );
  });
});

describe("keys that could change objects", () => {
  it.each(["__proto__", "constructor", "prototype"])("refuses %s and leaves it out of the value", (key) => {
    const result = parse(`vars:\n  ${key}: { polluted: true }\n  ok: 1\n`);
    expect(result.lines).toEqual([
      `data.yaml:2:3: error: key "${key}" is not allowed: it could change how JavaScript objects behave (rename it)`,
    ]);
    const vars = (result.value as { vars: Record<string, unknown> }).vars;
    expect(Object.keys(vars)).toEqual(["ok"]);
    expect(Object.getPrototypeOf(vars)).toBeNull(); // mappings are prototype-free: nothing to pollute
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a quoted __proto__ key as well", () => {
    const result = parse('"__proto__": { polluted: true }\n');
    expect(result.lines[0]).toMatch(/key "__proto__" is not allowed/);
    expect(Object.getPrototypeOf(result.value)).toBeNull();
  });
});

describe("values a manifest has no use for", () => {
  it("refuses exotic tags", () => {
    const result = parse("a: !!binary aGVsbG8=\nb: !!set { x }\nc: !custom 1\n");
    expect(result.lines).toEqual([
      "data.yaml:1:13: error: YAML tag !!binary is not supported: use plain text, numbers, true/false, lists and mappings",
      "data.yaml:2:10: error: YAML tag !!set is not supported: use plain text, numbers, true/false, lists and mappings",
      "data.yaml:3:12: error: YAML tag !custom is not supported: use plain text, numbers, true/false, lists and mappings",
    ]);
  });

  it("refuses merge keys with a pointer to defaults", () => {
    expect(parse("base: &b { a: 1 }\nx:\n  <<: *b\n").lines).toEqual([
      "data.yaml:3:3: error: YAML merge keys (<<) are not supported (use `defaults` for shared video fields, or repeat the fields)",
    ]);
  });

  it("refuses an alias without an anchor", () => {
    expect(parse("a: *nope\n").lines).toEqual([
      "data.yaml:1:4: error: alias *nope has no anchor &nope before it (define the anchor (&name) before using the alias (*name))",
    ]);
  });

  it("refuses .inf and .nan", () => {
    expect(parse("a: .inf\nb: .nan\n").lines).toEqual([
      "data.yaml:1:4: error: Infinity is not a finite number: write a number, or put the text in quotes",
      "data.yaml:2:4: error: NaN is not a finite number: write a number, or put the text in quotes",
    ]);
  });

  it("ignores a %YAML 1.1 directive: yes stays text and 16:9 is not sexagesimal", () => {
    const result = parse("%YAML 1.1\n---\nenabled: yes\naspect_ratio: 16:9\n");
    expect(result.value).toEqual({ enabled: "yes", aspect_ratio: "16:9" });
  });
});

describe("numbers whose text YAML would change", () => {
  it.each([
    ["2.0", 2],
    ["1.50", 1.5],
    ["010", 10],
    ["1e3", 1000],
    ["0x1F", 31],
    ["+5", 5],
  ])("flags %s in a data file with the quoting hint", (text, value) => {
    const result = parse(`- sku: ${text}\n`);
    expect(result.lines).toEqual([
      `data.yaml:1:8: error: [0].sku: YAML reads ${text} as the number ${value} (write "${text}" in quotes to keep it as text, or ${value} if you mean the number)`,
    ]);
  });

  it("leaves plain numbers, quoted text and numeric paths alone", () => {
    const text = "rules:\n  - per_second: 0.50\n    n: 12\n    v: '2.0'\n";
    expect(parse(text).lines).toHaveLength(1);
    expect(
      parse(text, { isNumericPath: (path: readonly (string | number)[]) => path.at(-1) === "per_second" }).diagnostics,
    ).toEqual([]);
  });
});

describe("locate", () => {
  const text = "videos:\n  - name: a\n    output_config:\n      resolution: 720P\n  - name: b\n";
  const { locate } = parseYamlSafe(text, "m.yaml");

  it("points at the value at a path", () => {
    expect(locate(["videos", 0, "output_config", "resolution"])).toEqual({ file: "m.yaml", line: 4, col: 19 });
    expect(locate(["videos", 1, "name"])).toEqual({ file: "m.yaml", line: 5, col: 11 });
  });

  it("points at the key when asked", () => {
    expect(locate(["videos", 0, "output_config", "resolution"], { key: true })).toEqual({
      file: "m.yaml",
      line: 4,
      col: 7,
    });
  });

  it("falls back to the nearest existing ancestor", () => {
    expect(locate(["videos", 1, "output_config", "duration"])).toEqual({ file: "m.yaml", line: 5, col: 5 });
    expect(locate(["videos", 7])).toEqual({ file: "m.yaml", line: 2, col: 3 });
  });

  it("follows aliases to their anchor", () => {
    const aliased = parseYamlSafe("base: &b\n  res: 720P\nvideo: *b\n", "m.yaml");
    expect(aliased.locate(["video", "res"])).toEqual({ file: "m.yaml", line: 2, col: 8 });
  });
});
