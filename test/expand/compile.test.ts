import { describe, expect, it, vi } from "vitest";
import { compileLoaded } from "../../src/expand/compile.js";
import { expandMatrix } from "../../src/expand/matrix.js";
import type { Diagnostic } from "../../src/diagnostics.js";
import { DiagnosticsError } from "../../src/errors.js";
import { canonicalJson, hashBody } from "../../src/util/canonical-json.js";
import { fileTree, loadedFromYaml } from "./loaded.js";

// The matrix expansion, counted: the cap must refuse a matrix before it is expanded (not timed).
vi.mock("../../src/expand/matrix.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/expand/matrix.js")>();
  return { ...original, expandMatrix: vi.fn(original.expandMatrix) };
});

const HEADER = `version: 1
campaign: test
defaults:
  model_name: Kling
  model_version: "2.1"
  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: "5", storage_mode: Permanent }
`;

async function compile(
  yaml: string,
  options: {
    dir?: string;
    env?: Record<string, string>;
    strict?: boolean;
    maxRequests?: number;
    modelsFile?: string;
  } = {},
) {
  const manifest = loadedFromYaml(yaml, { ...(options.dir ? { dir: options.dir } : {}) });
  return compileLoaded(manifest, { cwd: options.dir ?? "/", env: options.env ?? {}, ...options });
}

async function findings(yaml: string, options: Parameters<typeof compile>[1] = {}): Promise<Diagnostic[]> {
  try {
    const result = await compile(yaml, options);
    return result.warnings;
  } catch (error) {
    if (error instanceof DiagnosticsError) return error.diagnostics;
    throw error;
  }
}

describe("compile: from a manifest to exact requests", () => {
  it("expands the design brief's example: matrix with exclude and include takes, partials, vars", async () => {
    const result = await compile(`${HEADER}vars: { brand: Acme }
partials:
  look: "cinematic lighting"
videos:
  - name: "hero-{{product}}-{{surface}}"
    prompt: "{{brand}} {{product}} on {{surface}}, {{> look}}"
    matrix:
      product: [sneaker, backpack]
      surface: [marble, sand]
      exclude: [{ product: backpack, surface: marble }]
      include: [{ product: sneaker, surface: sand, takes: 3 }]
`);
    expect(result.requests.map((r) => r.key)).toEqual([
      "hero-sneaker-marble",
      "hero-sneaker-sand#1",
      "hero-sneaker-sand#2",
      "hero-sneaker-sand#3",
      "hero-backpack-sand",
    ]);
    const first = result.requests[0];
    expect(first?.body).toEqual({
      model_name: "Kling",
      model_version: "2.1",
      output_config: { resolution: "1080P", aspect_ratio: "16:9", duration: 5, storage_mode: "Permanent" },
      prompt: "Acme sneaker on marble, cinematic lighting",
    });
    expect(first?.seconds).toBe(5);
    expect(first?.vars).toEqual({ product: "sneaker", surface: "marble" });
    expect(first?.video).toBe("hero-{{product}}-{{surface}}");
    expect(result.requests[1]?.hash).toBe(result.requests[2]?.hash);
    for (const r of result.requests) expect(r.hash).toBe(hashBody(r.body));
    expect(JSON.stringify(first?.body)).toBe(canonicalJson(first?.body));
    expect(result.warnings).toEqual([]);
  });

  it("passes a prompt with &, <, > and quotes byte for byte", async () => {
    const prompt = `Tom & Jerry <3 "quoted" 'single' \`tick\``;
    const result = await compile(
      `${HEADER}vars: { p: ${JSON.stringify(prompt)} }\nvideos:\n  - id: a\n    prompt: "{{p}} & more <b>"\n`,
    );
    expect(result.requests[0]?.body.prompt).toBe(`${prompt} & more <b>`);
  });

  it("keys a video without name by id and its variables, never by position", async () => {
    const result = await compile(
      `${HEADER}videos:\n  - id: intro\n    prompt: "{{lang}}"\n    matrix: { size: ["16:9"], lang: [fr, en] }\n  - id: outro\n    prompt: x\n`,
    );
    expect(result.requests.map((r) => r.key)).toEqual([
      "intro[lang=fr,size=16:9]",
      "intro[lang=en,size=16:9]",
      "outro",
    ]);
  });

  it("deep-merges defaults under the video: objects merged, arrays replaced", async () => {
    const result = await compile(
      `${HEADER.replace("defaults:\n", "defaults:\n  file_infos: [{ type: Url, url: 'https://a.example/1.png' }, { type: Url, url: 'https://a.example/2.png' }]\n")}videos:\n  - id: a\n    prompt: x\n    output_config: { duration: 10 }\n    file_infos: [{ type: Url, url: "https://b.example/3.png" }]\n`,
    );
    const body = result.requests[0]?.body;
    expect(body?.output_config).toEqual({
      resolution: "1080P",
      aspect_ratio: "16:9",
      duration: 10,
      storage_mode: "Permanent",
    });
    expect(body?.file_infos).toEqual([{ type: "Url", url: "https://b.example/3.png" }]);
  });

  it("lets variables override in order: manifest vars < video vars < matrix < row", async () => {
    const dir = fileTree({ "rows.csv": "who,row_only\nrow,r\n" });
    const result = await compile(
      `${HEADER}vars: { who: manifest, v: manifest, m: manifest }\nvideos:\n  - id: a\n    rows: rows.csv\n    vars: { who: video, v: video, m: video }\n    matrix: { who: [matrix], m: [matrix] }\n    prompt: "{{who}} {{v}} {{m}} {{row_only}}"\n`,
      { dir },
    );
    expect(result.requests[0]?.body.prompt).toBe("row video matrix r");
    expect(result.inputs.map((i) => [i.role, i.path])).toEqual([
      ["manifest", "manifest.yaml"],
      ["data", "rows.csv"],
    ]);
  });

  it("combines rows with a matrix: every row x every combination", async () => {
    const dir = fileTree({ "products.csv": 'sku,title\nA1,"Lamp, brass"\nB2,Chair\n' });
    const result = await compile(
      `${HEADER}videos:\n  - name: "{{sku}}-{{format}}"\n    rows: products.csv\n    matrix: { format: [wide, tall] }\n    prompt: "{{title}}"\n`,
      { dir },
    );
    expect(result.requests.map((r) => [r.key, r.body.prompt])).toEqual([
      ["A1-wide", "Lamp, brass"],
      ["A1-tall", "Lamp, brass"],
      ["B2-wide", "Chair"],
      ["B2-tall", "Chair"],
    ]);
  });

  it("reads JSON and YAML rows", async () => {
    const dir = fileTree({ "a.json": '[{"n": "j1"}, {"n": "j2"}]', "b.yaml": "- n: y1\n" });
    const result = await compile(
      `${HEADER}videos:\n  - { name: "{{n}}", rows: a.json, prompt: x }\n  - { name: "{{n}}", rows: b.yaml, prompt: x }\n`,
      { dir },
    );
    expect(result.requests.map((r) => r.key)).toEqual(["j1", "j2", "y1"]);
  });

  it("makes env visible only through allow_env", async () => {
    const env = { BRAND: "Acme", SECRET: "s3cr3t" };
    const ok = await compile(`${HEADER}allow_env: [BRAND]\nvideos:\n  - { id: a, prompt: "{{env.BRAND}}" }\n`, { env });
    expect(ok.requests[0]?.body.prompt).toBe("Acme");
    const denied = await findings(`${HEADER}videos:\n  - { id: a, prompt: "{{env.SECRET}}" }\n`, { env });
    expect(denied).toEqual([
      expect.objectContaining({
        severity: "error",
        line: 8,
        message: expect.stringContaining("env.SECRET, which is not in allow_env"),
      }),
    ]);
    expect(JSON.stringify(denied)).not.toContain("s3cr3t");
  });

  it("reports a missing variable naming the video, the combination and the template line, once", async () => {
    const found = await findings(
      `${HEADER}videos:\n  - name: "v-{{p}}"\n    matrix: { p: [a, b, c] }\n    prompt: "{{prodcut}} shot"\n`,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "error", line: 10 });
    expect(found[0]?.message).toContain('video "v-{{p}}" [p=a]: variable "prodcut" is not defined');
    expect(found[0]?.message).toContain("(and 2 more combinations)");
  });

  it("suggests the closest variable name", async () => {
    const found = await findings(`${HEADER}vars: { product: x }\nvideos:\n  - { id: a, prompt: "{{prodcut}}" }\n`);
    expect(found[0]?.suggestion).toBe('did you mean "product"?');
  });

  it("reports template syntax errors and unknown helpers at the template's line", async () => {
    const found = await findings(
      `${HEADER}videos:\n  - { id: a, prompt: "{{#if x}}" }\n  - { id: b, prompt: "{{shout x}}", vars: { x: 1 } }\n`,
    );
    expect(found.map((d) => [d.line, d.message.slice(0, 40)])).toEqual([
      [8, expect.stringContaining("template syntax error")],
      [9, expect.stringContaining('unknown helper "shout"')],
    ]);
  });

  it("offers helpers lower, upper, trim, default, join, replace, slug", async () => {
    const result = await compile(
      `${HEADER}vars: { n: " Big Lamp ", e: "", tags: [a, b] }\nvideos:\n  - id: a\n    prompt: "{{lower n}}|{{upper n}}|{{trim n}}|{{default e 'none'}}|{{join tags '+'}}|{{replace n 'Big' 'Small'}}|{{slug n}}"\n`,
    );
    expect(result.requests[0]?.body.prompt).toBe(" big lamp | BIG LAMP |Big Lamp|none|a+b| Small Lamp |big-lamp");
  });

  it("refuses prototype access from templates", async () => {
    const found = await findings(`${HEADER}videos:\n  - { id: a, prompt: "{{constructor.name}}" }\n`);
    expect(found[0]?.severity).toBe("error");
  });

  it("names both origins when two requests get the same key", async () => {
    const found = await findings(
      `${HEADER}videos:\n  - name: hero\n    prompt: x\n  - name: "{{n}}"\n    vars: { n: hero }\n    prompt: y\n`,
    );
    expect(found).toEqual([
      expect.objectContaining({
        severity: "error",
        key: "hero",
        message: expect.stringMatching(
          /produced twice: by video "hero" \(line 8\) and by video "\{\{n\}\}" \(line 10\)/,
        ),
      }),
    ]);
  });

  it("refuses keys with / or control characters", async () => {
    const found = await findings(`${HEADER}videos:\n  - { name: "a/{{x}}", vars: { x: 1 }, prompt: p }\n`);
    expect(found[0]?.message).toContain('contains "/"');
  });

  it("stops at the cap before expanding: a 10^10 matrix fails at once", async () => {
    const axes = Array.from({ length: 10 }, (_, i) => `      a${i}: [0,1,2,3,4,5,6,7,8,9]`).join("\n");
    vi.mocked(expandMatrix).mockClear();
    const found = await findings(`${HEADER}videos:\n  - id: big\n    prompt: x\n    matrix:\n${axes}\n`);
    expect(vi.mocked(expandMatrix), "enumerating 10^10 combinations would never finish").not.toHaveBeenCalled();
    expect(found).toEqual([
      expect.objectContaining({
        severity: "error",
        line: 8,
        message: expect.stringContaining("up to 10000000000 requests, over the cap of 10000"),
      }),
    ]);
  });

  it("counts rows and takes in the cap, and --max-requests raises it", async () => {
    const dir = fileTree({ "r.csv": "n\n1\n2\n3\n" });
    const yaml = `${HEADER}videos:\n  - { name: "{{n}}-{{k}}", rows: r.csv, takes: 2, matrix: { k: [a, b] }, prompt: x }\n`;
    expect((await findings(yaml, { dir, maxRequests: 11 }))[0]?.message).toContain("up to 12 requests");
    expect((await compile(yaml, { dir, maxRequests: 12 })).requests).toHaveLength(12);
  });

  it("reports a missing data file and a bad CSV row with their locations", async () => {
    const dir = fileTree({ "bad.csv": "a,b\n1,2\n3,4,5\n" });
    const found = await findings(
      `${HEADER}videos:\n  - { name: "{{a}}", rows: missing.csv, prompt: x }\n  - { name: "{{a}}", rows: bad.csv, prompt: x }\n`,
      { dir },
    );
    expect(found).toEqual([
      expect.objectContaining({
        file: "manifest.yaml",
        line: 8,
        message: expect.stringContaining('cannot read data file "missing.csv"'),
      }),
      expect.objectContaining({ file: "bad.csv", line: 3, message: expect.stringContaining("bad CSV row") }),
    ]);
  });

  it("refuses data files outside the manifest's folder and rows that are not objects", async () => {
    const dir = fileTree({ "sub/m.yaml": "", "rows.json": "[1, 2]" });
    const found = await findings(
      `${HEADER}videos:\n  - { name: "{{a}}", rows: ../etc/passwd.csv, prompt: x }\n  - { name: "{{a}}", rows: rows.json, prompt: x }\n`,
      { dir },
    );
    expect(found.map((d) => d.message)).toEqual([
      expect.stringContaining("must be a path inside the manifest's folder"),
      "row 1 is not an object",
      "row 2 is not an object",
    ]);
  });

  it("reads a price table next to the manifest into settings, and records it as an input", async () => {
    const dir = fileTree({ "prices.yaml": "currency: USD\nrules:\n  - { model_name: Kling, per_second: 0.1 }\n" });
    const result = await compile(
      `${HEADER}budget: 50\nprices: prices.yaml\napply: { parallelism: 4, rate: 5 }\nvideos:\n  - { id: a, prompt: p }\n`,
      { dir },
    );
    expect(result.settings).toEqual({
      budget: 50,
      prices: { currency: "USD", rules: [{ model_name: "Kling", per_second: 0.1 }] },
      parallelism: 4,
      rate: 5,
    });
    expect(result.inputs.map((i) => i.role)).toEqual(["manifest", "prices"]);
    const bad = fileTree({ "prices.yaml": "rules:\n  - { model_name: Kling }\n" });
    expect(
      (await findings(`${HEADER}prices: prices.yaml\nvideos:\n  - { id: a, prompt: p }\n`, { dir: bad }))[0],
    ).toMatchObject({ file: "prices.yaml", line: 2, message: expect.stringContaining("per_second") });
  });

  it("warns when a video expands to nothing (all excluded, or an empty data file)", async () => {
    const dir = fileTree({ "empty.csv": "sku,title\n" });
    const result = await compile(
      `${HEADER}videos:\n  - { name: "{{p}}", prompt: x, matrix: { p: [a], exclude: [{ p: a }] } }\n  - { name: "{{sku}}", rows: empty.csv, prompt: x }\n  - { id: c, prompt: x }\n`,
      { dir },
    );
    expect(result.requests.map((r) => r.key)).toEqual(["c"]);
    expect(result.warnings.map((w) => [w.line, w.message])).toEqual([
      [8, 'video "{{p}}" expands to no requests: every matrix combination is excluded'],
      [9, 'video "{{sku}}" expands to no requests: its data file has no rows'],
    ]);
  });

  it("turns warnings into errors with strict", async () => {
    const yaml =
      `${HEADER}videos:\n  - { id: a, prompt: x, file_infos: [{ type: Url, url: "https://x.example/a.png" }] , tasks_priority: 1 }\n`.replace(
        "prompt: x",
        'prompt: ""',
      );
    expect((await compile(yaml)).warnings).toEqual([
      expect.objectContaining({
        severity: "warning",
        key: "a",
        line: 8,
        message: expect.stringContaining("no prompt"),
      }),
    ]);
    await expect(compile(yaml, { strict: true })).rejects.toBeInstanceOf(DiagnosticsError);
  });
});
