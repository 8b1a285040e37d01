// Builds a LoadedManifest from YAML text without the real loader: tests of expansion use hand-built
// documents, with positions from the yaml package so findings can be checked line by line.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { SourceLocation } from "../../src/diagnostics.js";
import type { LoadedManifest } from "../../src/manifest/load.js";
import type { ManifestDoc } from "../../src/manifest/types.js";
import { sha256Hex } from "../../src/util/canonical-json.js";

export function loadedFromYaml(text: string, options: { path?: string; dir?: string } = {}): LoadedManifest {
  const path = options.path ?? "manifest.yaml";
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("\n"));
  const locate = (p: readonly (string | number)[]): SourceLocation => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { file: path, line: pos.line, col: pos.col };
      }
    }
    return { file: path, line: 1, col: 1 };
  };
  return {
    path,
    dir: options.dir ?? "/nonexistent",
    text,
    sha256: sha256Hex(text),
    doc: doc.toJS() as ManifestDoc,
    locate,
  };
}

/** A temporary folder with these files; returns its path. */
export function fileTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "reelform-expand-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}
