// Data files live next to the manifest: a manifest in a pull request must not read /etc/passwd or
// ../../secrets into prompts. Extensions say how a file is read.
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import { formatPath, type DocPath } from "./doc-path.js";
import { videosOf, type RuleContext } from "./rule-context.js";
import type { ManifestDoc } from "./types.js";
import { append } from "../util/arrays.js";

const DATA_EXTENSIONS = /\.(csv|json|ya?ml)$/i;
const PRICE_EXTENSIONS = /\.(json|ya?ml)$/i;

export function dataFilePaths(doc: ManifestDoc, ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  videosOf(doc).forEach(({ video, index: i }) => {
    if (typeof video.rows === "string")
      append(found, checkDataPath(video.rows, ["videos", i, "rows"], DATA_EXTENSIONS, "CSV, JSON or YAML", ctx));
  });
  if (typeof doc.prices === "string")
    append(found, checkDataPath(doc.prices, ["prices"], PRICE_EXTENSIONS, "YAML or JSON", ctx));
  return found;
}

/** The error for a data file that is, or (through a symlink) leads, outside the manifest's folder. */
export function outsideManifestFolder(file: string, path: DocPath, at: SourceLocation): Diagnostic {
  return {
    severity: "error",
    message: `${formatPath(path)} must be a path inside the manifest's folder, not "${file}"`,
    suggestion: "copy the file next to the manifest and give a relative path",
    ...at,
  };
}

function checkDataPath(file: string, path: DocPath, extensions: RegExp, kinds: string, ctx: RuleContext): Diagnostic[] {
  const at = ctx.locate(path);
  const segments = file.split(/[\\/]/);
  if (/^([\\/]|[A-Za-z]:)/.test(file) || segments.includes("..")) return [outsideManifestFolder(file, path, at)];
  if (!extensions.test(file)) {
    return [
      {
        severity: "error",
        message: `${formatPath(path)} must name a ${kinds} file (by its extension), not "${file}"`,
        ...at,
      },
    ];
  }
  return [];
}
