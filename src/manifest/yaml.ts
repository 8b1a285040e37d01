// A safe YAML reader for manifests and the files they point to (data rows, price tables, model overrides):
// source positions for every value, duplicate keys refused, alias expansion bounded, prototype keys refused,
// exotic tags refused, and numbers whose text YAML would change reported with a quoting hint.
import { isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { JsonValue } from "../util/canonical-json.js";
import { formatPath, type DocPath } from "./doc-path.js";
import { expandedSize, firstAlias, resolveAliases, type AliasTargets } from "./yaml-aliases.js";
import { toJsonValue } from "./yaml-convert.js";
import { makeLocator, nodeAt, type Locate } from "./yaml-locate.js";
import { findLossyNumbers, quotingHint } from "./yaml-numbers.js";
import { deepLineEstimate, TOO_DEEP_MESSAGE, tooDeepNode } from "./yaml-depth.js";
import { nodePosition, positionAt } from "./yaml-position.js";
import { yamlErrorDiagnostics } from "./yaml-syntax.js";

export type { DocPath } from "./doc-path.js";
export type { Locate } from "./yaml-locate.js";

/** Values aliases may add beyond the document's own nodes before it is refused as an alias bomb. */
const DEFAULT_MAX_ALIAS_NODES = 100_000;

export interface SafeYamlOptions {
  maxAliasNodes?: number;
  /** Paths whose values are numbers by nature (durations, prices): `5.0` there is just 5. Default: none. */
  isNumericPath?: (path: DocPath) => boolean;
}

export interface SafeYaml {
  /** The document as plain JSON values; undefined when it could not be read (syntax error, alias bomb). */
  value: JsonValue | undefined;
  locate: Locate;
  diagnostics: Diagnostic[];
}

/** The AST-level result: SafeYaml plus what later checks need (the root node and alias targets). */
export interface YamlSource extends SafeYaml {
  root: Node | null;
  targets: AliasTargets;
  /** Where each item of the sequence at `path` starts and ends; undefined when that is not a plain sequence. */
  itemSpans(path: DocPath): SourceSpan[] | undefined;
}

export interface SourceSpan {
  start: SourceLocation;
  end: SourceLocation;
}

/** Parse one YAML document safely. Never throws for bad input: problems are diagnostics. */
export function parseYamlSafe(text: string, file: string, options: SafeYamlOptions = {}): SafeYaml {
  const source = parseYamlSource(text, file, options);
  if (source.value === undefined) return source;
  const lossy = lossyNumberDiagnostics(source, options.isNumericPath ?? (() => false));
  return { value: source.value, locate: source.locate, diagnostics: [...source.diagnostics, ...lossy] };
}

/** Parse without the lossy-number check (the manifest loader runs it after the schema, to avoid double reports). */
export function parseYamlSource(text: string, file: string, options: SafeYamlOptions = {}): YamlSource {
  const lineCounter = new LineCounter();
  const parsed = parseWithinStack(text, lineCounter, file);
  if (!parsed.ok) return unreadable(file, lineCounter, parsed.diagnostic);
  const doc = parsed.doc;
  const deep = doc.errors.length === 0 ? tooDeepNode((doc.contents as Node | null) ?? null) : undefined;
  if (deep) return unreadable(file, lineCounter, tooDeepDiagnostic(nodePosition(file, lineCounter, deep)));
  const targets = resolveAliases(doc);
  const root = (doc.contents as Node | null) ?? null;
  const locate = makeLocator(root, targets, lineCounter, file);
  const itemSpans = (path: DocPath): SourceSpan[] | undefined => {
    const seq = nodeAt(root, path, targets);
    if (!isSeq(seq)) return undefined;
    const spans: SourceSpan[] = [];
    for (const item of seq.items as (Node | null)[]) {
      if (!item?.range) return undefined;
      spans.push({
        start: positionAt(file, lineCounter, item.range[0]),
        end: positionAt(file, lineCounter, item.range[2]),
      });
    }
    return spans;
  };
  const diagnostics = [
    ...yamlErrorDiagnostics(doc.errors, "error", file, lineCounter, text),
    ...yamlErrorDiagnostics(
      doc.warnings.filter((w) => w.code !== "TAG_RESOLVE_FAILED"),
      "warning",
      file,
      lineCounter,
    ),
  ];
  if (doc.errors.length > 0) return { value: undefined, locate, diagnostics, root, targets, itemSpans };
  const bomb = aliasBombDiagnostic(root, targets, options.maxAliasNodes ?? DEFAULT_MAX_ALIAS_NODES, (n) =>
    nodePosition(file, lineCounter, n),
  );
  if (bomb) return { value: undefined, locate, diagnostics: [...diagnostics, bomb], root, targets, itemSpans };
  const converted: Diagnostic[] = [];
  const value = toJsonValue(root, { file, lineCounter, targets, diagnostics: converted });
  return { value, locate, diagnostics: [...diagnostics, ...dedupe(converted)], root, targets, itemSpans };
}

type Parsed = { ok: true; doc: ReturnType<typeof parseDocument> } | { ok: false; diagnostic: Diagnostic };

/** The yaml package's parser recurses per nesting level: thousands of levels overflow its stack. */
function parseWithinStack(text: string, lineCounter: LineCounter, file: string): Parsed {
  try {
    return {
      ok: true,
      doc: parseDocument(text, { lineCounter, schema: "core", merge: false, uniqueKeys: false, prettyErrors: false }),
    };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, diagnostic: tooDeepDiagnostic({ file, ...deepLineEstimate(text) }) };
  }
}

function tooDeepDiagnostic(at: SourceLocation): Diagnostic {
  return {
    severity: "error",
    message: `YAML syntax error: ${TOO_DEEP_MESSAGE}`,
    suggestion: "flatten the lists and mappings; a manifest never needs hundreds of levels",
    ...at,
  };
}

/** A document that is not read any further: no value, nothing to locate but the file. */
function unreadable(file: string, lineCounter: LineCounter, diagnostic: Diagnostic): YamlSource {
  const locate = makeLocator(null, new Map(), lineCounter, file);
  return {
    value: undefined,
    locate,
    diagnostics: [diagnostic],
    root: null,
    targets: new Map(),
    itemSpans: () => undefined,
  };
}

function aliasBombDiagnostic(
  root: Node | null,
  targets: AliasTargets,
  maxAliasNodes: number,
  where: (node: Node | undefined) => { file: string; line: number; col: number },
): Diagnostic | undefined {
  if (targets.size === 0) return undefined;
  const expanded = expandedSize(root, targets);
  if (!expanded.ok) {
    return {
      severity: "error",
      message: `alias *${expanded.cycle.source} refers to a node that contains it (an endless structure)`,
      ...where(expanded.cycle),
    };
  }
  const own = countNodes(root);
  if (expanded.size - own <= maxAliasNodes) return undefined;
  const size = expanded.size >= 1e6 ? expanded.size.toExponential(1) : String(expanded.size);
  return {
    severity: "error",
    message: `aliases would expand this document to ${size} values (aliases may add at most ${maxAliasNodes}); refusing it as a resource-exhaustion ("billion laughs") document`,
    suggestion: "write the values out, or use fewer nested aliases",
    ...where(firstAlias(targets)),
  };
}

/** The document's own node count: with no alias targets, an alias counts as one node. */
function countNodes(root: Node | null): number {
  const result = expandedSize(root, new Map());
  return result.ok ? result.size : 0;
}

/** An alias copies its anchor's value, and with it the anchor's findings: report each once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const id = `${d.line}:${d.col}:${d.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Errors for numbers whose source text YAML changed (2.0 -> 2), outside numeric paths; skips paths in `skip`. */
export function lossyNumberDiagnostics(
  source: Pick<YamlSource, "root" | "locate">,
  isNumericPath: (path: DocPath) => boolean,
  skip: (path: DocPath) => boolean = () => false,
): Diagnostic[] {
  return findLossyNumbers(source.root, isNumericPath)
    .filter((n) => !skip(n.path))
    .map((n) => ({
      severity: "error" as const,
      message: `${formatPath(n.path)}: YAML reads ${n.source} as the number ${String(n.value)}`,
      suggestion: quotingHint(n.source, n.value),
      ...source.locate(n.path),
    }));
}
