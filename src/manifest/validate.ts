// Text -> checked manifest, purely: YAML (safe) -> JSON Schema -> document rules -> numbers YAML would change.
// Every stage runs when it can, so one run reports all problems; the manifest is returned only without errors.
import { isScalar } from "yaml";
import { hasErrors, type Diagnostic } from "../diagnostics.js";
import type { DocPath } from "./doc-path.js";
import { isManifestNumericPath } from "./numeric-paths.js";
import { applyRules } from "./rules.js";
import { translateSchemaErrors, type SchemaProblem } from "./schema-errors.js";
import { validateAgainstSchema } from "./schema.js";
import type { ManifestDoc } from "./types.js";
import { lossyNumberDiagnostics, parseYamlSource, type YamlSource } from "./yaml.js";
import { nodeAt, type Locate } from "./yaml-locate.js";

export interface CheckedManifest {
  /** Present only when there is no error. */
  doc?: ManifestDoc;
  locate: Locate;
  diagnostics: Diagnostic[];
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
  const sorted = sortByPosition(diagnostics);
  return hasErrors(sorted) ? { locate: source.locate, diagnostics: sorted } : { doc: source.value as unknown as ManifestDoc, locate: source.locate, diagnostics: sorted };
}

function problemDiagnostic(p: SchemaProblem, locate: Locate): Diagnostic {
  return { severity: "error", message: p.message, ...(p.suggestion ? { suggestion: p.suggestion } : {}), ...locate(p.path, { key: p.atKey }) };
}

/** The text the user wrote for a scalar, e.g. "2.0" (for "write it in quotes" hints). */
function scalarSource(source: YamlSource, path: DocPath): string | undefined {
  const node = nodeAt(source.root, path, source.targets);
  return isScalar(node) ? (node.source ?? String(node.value)) : undefined;
}

function pathId(path: DocPath): string {
  return path.join("\u0000");
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
