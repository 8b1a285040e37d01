// The editor experience, proven with the real yaml-language-server over stdio LSP, on a manifest scaffolded by
// `reelform init` (so its `$schema` line is the one users get): squiggles for misspelled fields where validate
// warns, markdown hover text, and completion values drawn from the model table.
import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";
import { LspClient } from "./lsp-client.js";

interface Diagnostic {
  message: string;
  severity: number;
  range: { start: { line: number; character: number } };
}
interface CompletionItem {
  label: string;
}

const SERVER = createRequire(import.meta.url).resolve("yaml-language-server/bin/yaml-language-server");
const SETTINGS = {
  validate: true,
  hover: true,
  completion: true,
  schemaStore: { enable: false },
  format: { enable: false },
};

let client: LspClient;
let manifestUri: string;
let schemaLine: string;

/** A manifest with problems validate reports as warnings (unknown fields) and one it reports as an error. */
const BROKEN = (header: string): string => `${header}
version: 1
campaign: demo
defaults:
  model_name: Kling
  promt: "a misspelled prompt"
  output_config:
    resolutoin: 720P
videos:
  - name: "clip-{{n}}"
    session_id: "mine"
    matrix:
      n: [1, 2]
`;

async function open(text: string, version: number): Promise<Diagnostic[]> {
  const diagnostics = client.waitFor<{ uri: string; diagnostics: Diagnostic[] }>(
    "textDocument/publishDiagnostics",
    (p) => p.uri === manifestUri && p.diagnostics.length > 0,
  );
  client.notify(
    version === 1 ? "textDocument/didOpen" : "textDocument/didChange",
    version === 1
      ? { textDocument: { uri: manifestUri, languageId: "yaml", version, text } }
      : { textDocument: { uri: manifestUri, version }, contentChanges: [{ text }] },
  );
  return (await diagnostics).diagnostics;
}

function completionAt(line: number, character: number): Promise<{ items: CompletionItem[] } | CompletionItem[]> {
  return client.request("textDocument/completion", {
    textDocument: { uri: manifestUri },
    position: { line, character },
  });
}

const labels = (result: { items: CompletionItem[] } | CompletionItem[]): string[] =>
  (Array.isArray(result) ? result : result.items).map((i) => i.label);

describe("yaml-language-server with reelform's manifest schema", () => {
  beforeAll(async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "reelform-editor-")), "campaign");
    const init = await runCli(["init", dir, "--campaign", "demo"]);
    expect(init.code, init.stderr).toBe(0);
    const manifest = join(dir, "manifests", "demo.yaml");
    schemaLine = readFileSync(manifest, "utf8").split("\n")[0]!;
    manifestUri = pathToFileURL(manifest).href;
    client = new LspClient(process.execPath, [SERVER, "--stdio"], SETTINGS);
    await client.request("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {
        textDocument: {
          hover: { contentFormat: ["markdown", "plaintext"] },
          completion: { completionItem: { documentationFormat: ["markdown"] } },
        },
        workspace: { configuration: true },
      },
    });
    client.notify("initialized", {});
    client.notify("workspace/didChangeConfiguration", { settings: { yaml: SETTINGS } });
  }, 60_000);
  afterAll(() => client?.close());

  it("flags misspelled fields in defaults and output_config, and session_id, where validate reports them", async () => {
    expect(schemaLine).toMatch(/^# yaml-language-server: \$schema=\.\.\//);
    const diagnostics = await open(BROKEN(schemaLine), 1);
    const at = (text: string) => diagnostics.filter((d) => d.message.includes(text)).map((d) => d.range.start.line);
    expect(at("promt")).toEqual([5]);
    expect(at("resolutoin")).toEqual([7]);
    expect(diagnostics.some((d) => d.range.start.line === 10)).toBe(true); // session_id
    expect(diagnostics.filter((d) => [1, 2, 4, 9, 11, 12].includes(d.range.start.line))).toEqual([]);
  }, 60_000);

  it("shows markdown hover text (no escaped backticks)", async () => {
    const hover = await client.request<{ contents: { kind: string; value: string } }>("textDocument/hover", {
      textDocument: { uri: manifestUri },
      position: { line: 2, character: 3 },
    });
    expect(hover.contents.kind).toBe("markdown");
    expect(hover.contents.value).toContain("letters, digits, `.`, `_`, `-`");
    expect(hover.contents.value).not.toContain("\\`");
  }, 30_000);

  it("completes model_name and resolution values from the model table, and model_version per model", async () => {
    const text = `${schemaLine}
version: 1
campaign: demo
defaults:
  model_name: 
  output_config:
    resolution: 
videos:
  - name: clip
    model_name: Kling
    model_version: 
    
`;
    await open(text, 2);
    expect(labels(await completionAt(4, 14))).toEqual(expect.arrayContaining(["Kling", "Hailuo", "Vidu", "PixVerse"]));
    expect(labels(await completionAt(6, 16))).toEqual(expect.arrayContaining(["720P", "1080P", "768P"]));
    // Versions YAML would read as numbers come quoted.
    expect(labels(await completionAt(10, 19))).toEqual(expect.arrayContaining(['"2.1"', "3.0-Omni"]));
    const videoKeys = labels(await completionAt(11, 4));
    expect(videoKeys).toEqual(expect.arrayContaining(["prompt", "matrix", "takes"]));
    expect(videoKeys).not.toContain("session_id");
  }, 60_000);
});
