// End to end through the built CLI: `npm run build` first.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashBody } from "../../src/util/canonical-json.js";
import { fileTree } from "../expand/loaded.js";
import { REPO, runCli } from "../helpers/exec.js";

const HEADER = `version: 1
campaign: t
defaults:
  model_name: Kling
  model_version: "2.1"
  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: 5 }
`;

const STACK = /\n\s+at /;

async function validateTree(files: Record<string, string>, args: string[] = [], env: Record<string, string> = {}) {
  const dir = fileTree(files);
  return runCli(["validate", "m.yaml", ...args], { cwd: dir, env });
}

describe("reelform validate / render (built CLI)", () => {
  it("validates every example in manifests/: all valid, only the gateway example has warnings", async () => {
    const files = readdirSync(join(REPO, "manifests"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => `manifests/${f}`);
    expect(files.length).toBeGreaterThanOrEqual(5);
    const result = await runCli(["validate", ...files]);
    expect(result.code).toBe(0);
    for (const file of files) {
      const warnings = file.endsWith("gateway-example.yaml") ? 2 : 0;
      expect(result.stdout).toMatch(new RegExp(`^${file}: ok, \\d+ requests?, ${warnings} warnings?$`, "m"));
    }
    expect(result.stderr.match(/warning:/g)).toHaveLength(2);
    for (const file of files)
      expect(readFileSync(join(REPO, file), "utf8")).toMatch(
        /^# yaml-language-server: \$schema=\.\.\/schemas\/manifest\.schema\.json/,
      );
  });

  it("the gateway example fails under --strict", async () => {
    const result = await runCli(["validate", "--strict", "manifests/gateway-example.yaml"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/gateway-example\.yaml:\d+:\d+: error: \[car-video\] Kling 1\.6: duration 8 s/);
  });

  it("render --json prints one array in expansion order with key, video, vars, hash, body", async () => {
    const result = await runCli(["render", "manifests/launch.yaml", "--json"]);
    expect(result.code).toBe(0);
    const requests = JSON.parse(result.stdout) as {
      key: string;
      video: string;
      vars: object;
      hash: string;
      body: Record<string, unknown>;
    }[];
    expect(requests[0]).toMatchObject({
      key: "hero-sneaker-marble-wide",
      video: "hero-{{product}}-{{surface}}-{{format}}",
      vars: { product: "sneaker", surface: "marble", format: "wide", ratio: "16:9" },
    });
    expect(Object.keys(requests[0] ?? {})).toEqual(["key", "video", "vars", "hash", "body"]);
    for (const r of requests) {
      expect(r.hash).toBe(hashBody(r.body));
      expect(r.body.session_id).toBeUndefined();
    }
    expect(requests.filter((r) => r.key.startsWith("hero-sneaker-sand-wide#")).map((r) => r.key)).toEqual([
      "hero-sneaker-sand-wide#1",
      "hero-sneaker-sand-wide#2",
      "hero-sneaker-sand-wide#3",
    ]);
  });

  it("render prints each key and its pretty JSON body", async () => {
    const result = await runCli(["render", "manifests/gateway-example.yaml"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# car-video\n\{\n {2}"enhance_prompt": "Enabled",/);
    expect(result.stdout).toContain('"model_name": "Kling"');
    expect(result.stdout).toContain('"duration": 8');
    expect(result.stderr).toContain("warning:");
  });

  it("validate --json reports each file with its diagnostics", async () => {
    const result = await runCli(["validate", "--json", "manifests/gateway-example.yaml"]);
    const [report] = JSON.parse(result.stdout) as {
      file: string;
      ok: boolean;
      requests: number;
      warnings: number;
      diagnostics: { line: number }[];
    }[];
    expect(report).toMatchObject({ file: "manifests/gateway-example.yaml", ok: true, requests: 1, warnings: 2 });
  });

  it("emits GitHub annotations under GITHUB_ACTIONS=true", async () => {
    const result = await validateTree({ "m.yaml": `${HEADER}videos:\n  - { id: a, prompt: "{{nope}}" }\n` }, [], {
      GITHUB_ACTIONS: "true",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^::error file=m\.yaml,line=8,col=\d+::video "a": variable "nope" is not defined/m);
  });

  it("a --models file can add a model version without a release", async () => {
    const files = {
      "m.yaml": `${HEADER}videos:\n  - { id: a, prompt: p, model_version: "3.1" }\n`,
      "models.yaml": 'models:\n  Kling:\n    versions:\n      "3.1": {}\n',
    };
    const unknown = await validateTree(files);
    expect(unknown.stdout).toContain("m.yaml: ok, 1 request, 1 warning");
    expect(unknown.stderr).toContain('Kling has no version "3.1" in the model table');
    expect((await validateTree(files, ["--strict"])).code).toBe(1);
    const ok = await validateTree(files, ["--models", "models.yaml"]);
    expect(ok.stdout).toContain("m.yaml: ok, 1 request, 0 warnings");
    expect(ok.code).toBe(0);
  });

  const badInputs: [string, Record<string, string>, RegExp][] = [
    [
      "YAML syntax error",
      { "m.yaml": `${HEADER}videos:\n  - { id: a, prompt: "unterminated }\n` },
      /^m\.yaml:\d+:\d+: error: /m,
    ],
    [
      "wrong type",
      { "m.yaml": `${HEADER}videos:\n  - { id: a, prompt: p, tasks_priority: high }\n` },
      /^m\.yaml:8:\d+: error: .*tasks_priority/m,
    ],
    [
      "unknown top-level key",
      { "m.yaml": `${HEADER}campain: x\nvideos:\n  - { id: a, prompt: p }\n` },
      /^m\.yaml:7:1: error: .*campain/m,
    ],
    [
      "bad template",
      { "m.yaml": `${HEADER}videos:\n  - { id: a, prompt: "{{#each}}" }\n` },
      /^m\.yaml:8:\d+: error: .*template/m,
    ],
    [
      "missing variable",
      { "m.yaml": `${HEADER}videos:\n  - name: "v-{{p}}"\n    matrix: { p: [x, y] }\n    prompt: "{{subject}}"\n` },
      /^m\.yaml:10:\d+: error: video "v-\{\{p\}\}" \[p=x\]: variable "subject" is not defined in "\{\{subject\}\}" \(and 1 more combination\)/m,
    ],
    [
      "missing data file",
      { "m.yaml": `${HEADER}videos:\n  - { name: "{{sku}}", rows: data/none.csv, prompt: p }\n` },
      /^m\.yaml:8:\d+: error: cannot read data file "data\/none\.csv"/m,
    ],
    [
      "bad CSV row",
      {
        "m.yaml": `${HEADER}videos:\n  - { name: "{{sku}}", rows: p.csv, prompt: p }\n`,
        "p.csv": "sku,title\nA,Lamp\nB,Chair,extra\n",
      },
      /^p\.csv:3:1: error: bad CSV row/m,
    ],
    [
      "key clash",
      { "m.yaml": `${HEADER}videos:\n  - { name: same, prompt: a }\n  - { name: same, prompt: b }\n` },
      /^m\.yaml:9:\d+: error: \[same\] key "same" is produced twice: by video "same" \(line 8\) and by video "same" \(line 9\)/m,
    ],
    [
      "rule violation",
      { "m.yaml": `${HEADER}videos:\n  - { id: a, prompt: p, output_config: { resolution: 1080p } }\n` },
      /^m\.yaml:8:\d+: error: \[a\] Kling 2\.1: resolution "1080p" is not one of 720P, 1080P \(did you mean "1080P"\?\)/m,
    ],
    [
      "value from a matrix",
      {
        "m.yaml": `${HEADER}videos:\n  - id: a\n    prompt: p\n    output_config: { duration: "{{d}}" }\n    matrix:\n      d: [5, 20]\n`,
      },
      /^m\.yaml:12:14: error: \[a\[d=20\]\] Kling 2\.1: duration 20 s/m,
    ],
    [
      "value from a CSV row",
      {
        "m.yaml": `${HEADER}videos:\n  - { name: "{{sku}}", rows: p.csv, prompt: p, model_name: "{{model}}" }\n`,
        "p.csv": "sku,model\nA,Kling\nB,Klang\n",
      },
      /^p\.csv:3:1: error: \[B\] unknown model "Klang" \(did you mean "Kling"\?/m,
    ],
    [
      "env not allowed",
      { "m.yaml": `${HEADER}videos:\n  - { id: a, prompt: "{{env.HOME}}" }\n` },
      /^m\.yaml:8:\d+: error: template reads env\.HOME, which is not in allow_env \(add HOME to allow_env/m,
    ],
    [
      "unquoted version",
      { "m.yaml": `${HEADER}videos:\n  - { id: a, prompt: p, model_version: 2.0 }\n` },
      /^m\.yaml:8:\d+: error: .*quote/m,
    ],
  ];

  it.each(badInputs)("bad input (%s): exit 1, file:line:col, no stack trace", async (_name, files, expected) => {
    const result = await validateTree(files);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).not.toMatch(STACK);
    expect(result.stdout).toMatch(/^m\.yaml: invalid, \d+ errors?/m);
  });

  it("a 10^10-combination matrix fails at once", async () => {
    const axes = Array.from({ length: 10 }, (_, i) => `      a${i}: [0,1,2,3,4,5,6,7,8,9]`).join("\n");
    const result = await validateTree({
      "m.yaml": `${HEADER}videos:\n  - id: big\n    prompt: x\n    matrix:\n${axes}\n`,
    });
    // Enumerating 10^10 combinations would never finish (the test's timeout catches it); the in-process test
    // (test/expand/compile.test.ts) checks that the matrix is never expanded, by counting, not timing.
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^m\.yaml:8:\d+: error: this video expands to up to 10000000000 requests, over the cap of 10000 \(raise --max-requests/m,
    );
  });

  it("render refuses an invalid manifest with exit 1 and no output on stdout", async () => {
    const dir = fileTree({ "m.yaml": `${HEADER}videos:\n  - { id: a, prompt: "{{x}}" }\n` });
    const result = await runCli(["render", "m.yaml", "--json"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).not.toMatch(STACK);
  });
});
