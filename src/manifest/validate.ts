// Text -> checked manifest, purely: YAML (safe) -> JSON Schema -> document rules -> numbers YAML would change.
// Every stage runs when it can, so one run reports all problems; the manifest is returned only without errors.
import { isScalar } from "yaml";
import { hasErrors, sortByPlace, type Diagnostic, type SourceLocation } from "../diagnostics.js";
import type { DocPath } from "./doc-path.js";
import { isManifestNumericPath } from "./numeric-paths.js";
import { applyRules } from "./rules.js";
import { translateSchemaErrors, type SchemaProblem } from "./schema-errors.js";
import { validateAgainstSchema } from "./schema.js";
import type { ManifestDoc } from "./types.js";
import { lossyNumberDiagnostics, parseYamlSource, type SourceSpan, type YamlSource } from "./yaml.js";
import { nodeAt, type Locate } from "./yaml-locate.js";

export interface CheckedManifest {
  /** Present only when there is no error. */
  doc?: ManifestDoc;
  /**
   * With errors that all lie inside some of the videos: the document and the videos to leave out, so the
   * others can still be expanded and checked and one run reports every problem. Never used to build requests.
   */
  partial?: PartialManifest;
  locate: Locate;
  diagnostics: Diagnostic[];
}

interface PartialManifest {
  doc: ManifestDoc;
  /** Indexes of the videos that have errors of their own. */
  skipVideos: ReadonlySet<number>;
}

export function checkManifestText(text: string, file: string): CheckedManifest {
  const source = parseYamlSource(text, file);
  if (source.value === undefined) return { locate: source.locate, diagnostics: source.diagnostics };
  const problems = translateSchemaErrors(validateAgainstSchema(source.value), (path) => scalarSource(source, path));
  const reported = new Set(problems.map((p) => pathId(p.path)));
  const diagnostics = [
    ...source.diagnostics,
    ...problems.map((p) => problemDiagnostic(p, source.locate)),
    ...applyRules(source.value, { locate: source.locate }),
    ...lossyNumberDiagnostics(source, isManifestNumericPath, (path) => reported.has(pathId(path))),
  ];
  const sorted = sortByPlace(diagnostics);
  if (!hasErrors(sorted))
    return { doc: source.value as unknown as ManifestDoc, locate: source.locate, diagnostics: sorted };
  const partial = partialManifest(source, sorted);
  return { locate: source.locate, diagnostics: sorted, ...(partial ? { partial } : {}) };
}

/**
 * The videos to leave out when every error lies inside a video (an item of `videos`). Any error elsewhere
 * (top level, defaults, partials, the `videos` key itself) or any alias (one node shared by several places)
 * gives none: then nothing is expanded, as the rest cannot be trusted.
 */
function partialManifest(source: YamlSource, diagnostics: readonly Diagnostic[]): PartialManifest | undefined {
  if (source.targets.size > 0) return undefined;
  const spans = source.itemSpans(["videos"]);
  if (!spans) return undefined;
  const skipVideos = new Set<number>();
  for (const d of diagnostics) {
    if (d.severity !== "error") continue;
    const index = d.line === undefined ? -1 : spans.findIndex((span) => within(d, span));
    if (index < 0) return undefined;
    skipVideos.add(index);
  }
  return skipVideos.size < spans.length ? { doc: source.value as unknown as ManifestDoc, skipVideos } : undefined;
}

function within(d: Diagnostic, span: SourceSpan): boolean {
  const at = [d.line ?? 0, d.col ?? 0] as const;
  const after = (a: readonly [number, number], b: SourceLocation): boolean =>
    a[0] > b.line || (a[0] === b.line && a[1] >= b.col);
  return after(at, span.start) && !after(at, span.end);
}

function problemDiagnostic(p: SchemaProblem, locate: Locate): Diagnostic {
  return {
    severity: "error",
    message: p.message,
    ...(p.suggestion ? { suggestion: p.suggestion } : {}),
    ...locate(p.path, { key: p.atKey }),
  };
}

/** The text the user wrote for a scalar, e.g. "2.0" (for "write it in quotes" hints). */
function scalarSource(source: YamlSource, path: DocPath): string | undefined {
  const node = nodeAt(source.root, path, source.targets);
  return isScalar(node) ? (node.source ?? String(node.value)) : undefined;
}

function pathId(path: DocPath): string {
  return path.join("\u0000");
}
