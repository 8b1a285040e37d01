// Body path -> the manifest line (or data-file row) that supplied the value: the template's own line, or,
// when the template reads a variable, the node that set that variable for this request.
import type { SourceLocation } from "../diagnostics.js";
import type { ManifestDoc } from "../manifest/types.js";
import type { Trace } from "./expansion.js";
import { matrixSource } from "./matrix.js";
import { resolveVarSource, type Locate, type VarSource } from "./sources.js";

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

export function locateBodyPath(trace: Trace, bodyPath: string, doc: ManifestDoc, locate: Locate): SourceLocation {
  const path = nearestRecorded(trace, bodyPath);
  const template = path === undefined ? undefined : trace.plan.renderer.templates.get(path);
  if (template) {
    const source = firstVariableSource(template, trace, doc);
    if (source) return resolveVarSource(source, locate);
  }
  const manifestPath = path === undefined ? undefined : trace.plan.origins.get(path);
  return locate(manifestPath ?? ["videos", trace.plan.index]);
}

function nearestRecorded(trace: Trace, bodyPath: string): string | undefined {
  let path = bodyPath;
  while (path) {
    if (trace.plan.origins.has(path)) return path;
    const cut = path.lastIndexOf(".");
    path = cut < 0 ? "" : path.slice(0, cut);
  }
  return undefined;
}

/** The source of the first variable the template reads (row > matrix > video vars > manifest vars). */
function firstVariableSource(template: string, trace: Trace, doc: ManifestDoc): VarSource | undefined {
  for (const block of template.matchAll(/\{\{([^}]*)\}\}/g)) {
    for (const [name] of (block[1] ?? "").matchAll(IDENTIFIER)) {
      const source = variableSource(name, trace, doc);
      if (source) return source;
    }
  }
  return undefined;
}

function variableSource(name: string, trace: Trace, doc: ManifestDoc): VarSource | undefined {
  const videoPath = ["videos", trace.plan.index] as const;
  if (trace.row && name in trace.row.values) return { kind: "row", location: trace.row.location };
  const matrixPath = trace.plan.spec.matrix ? matrixSource(trace.plan.spec.matrix, trace.combo, name) : undefined;
  if (matrixPath) return { kind: "manifest", path: [...videoPath, "matrix", ...matrixPath] };
  if (trace.plan.spec.vars && Object.hasOwn(trace.plan.spec.vars, name))
    return { kind: "manifest", path: [...videoPath, "vars", name] };
  if (doc.vars && Object.hasOwn(doc.vars, name)) return { kind: "manifest", path: ["vars", name] };
  return undefined;
}
