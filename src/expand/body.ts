// A video's merged body turned into a renderer: every string is a template (compiled once), objects and
// arrays holding a template are rebuilt per request, numeric text where the API wants numbers becomes a number.
// An object or array below the top with no template in it is built once, frozen, and shared by every request
// of the video (e.g. output_config): 100,000 requests make 100,000 fewer objects.
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import { isTemplate, type CompiledTemplate, type TemplateContext, type TemplateEngine } from "./template.js";
import { fastKeyedRecord } from "../util/objects.js";
import { jsonMembers, jsonOf, type JsonMember } from "./body-json.js";

/** Fields the API types as numbers: a rendered "5" becomes 5 (docs/api.md). */
const NUMERIC_PATHS = new Set(["output_config.duration", "tasks_priority", "seed", "output_config.class_id"]);
const NUMERIC_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

type Node =
  | { kind: "literal"; value: JsonValue; json: string | undefined }
  | { kind: "template"; path: string; text: string; render: CompiledTemplate }
  | { kind: "object"; entries: [string, Node][]; members: JsonMember<Node>[] }
  | { kind: "array"; items: Node[] };

export interface RenderFailure {
  /** Body path of the template ("" for the key). */
  path: string;
  text: string;
  message: string;
  missing?: string;
}

export interface BodyRenderer {
  /** The body, and its JSON text (exactly JSON.stringify(body): what the request's hash is taken of). */
  render(
    context: TemplateContext,
  ): { ok: true; body: JsonObject; json: string } | { ok: false; failures: RenderFailure[] };
  /** Body path -> the template text at that path (for provenance and messages). */
  templates: Map<string, string>;
}

export type CompileFailure = { path: string; text: string; message: string };

export function compileBody(
  body: JsonObject,
  engine: TemplateEngine,
): { ok: true; renderer: BodyRenderer } | { ok: false; failures: CompileFailure[] } {
  const failures: CompileFailure[] = [];
  const templates = new Map<string, string>();
  const root = compileNode(body, "", engine, failures, templates, false);
  if (failures.length > 0) return { ok: false, failures };
  return {
    ok: true,
    renderer: {
      templates,
      render(context) {
        const errors: RenderFailure[] = [];
        const rendered = renderNode(root, context, errors) as JsonObject;
        if (errors.length > 0) return { ok: false, failures: errors };
        return { ok: true, body: rendered, json: jsonOf(root, rendered) ?? "{}" };
      },
    },
  };
}

/** `shared`: a subtree without templates becomes one frozen value (never the top: each request owns its body). */
function compileNode(
  value: JsonValue,
  path: string,
  engine: TemplateEngine,
  failures: CompileFailure[],
  templates: Map<string, string>,
  shared = true,
): Node {
  const node = compileTree(value, path, engine, failures, templates);
  if (!shared || node.kind === "literal" || node.kind === "template" || !allLiteral(node)) return node;
  return literal(deepFreeze(renderNode(node, {}, [])));
}

function literal(value: JsonValue): Node {
  return { kind: "literal", value, json: JSON.stringify(value) as string | undefined };
}

function allLiteral(node: Node): boolean {
  if (node.kind === "object") return node.entries.every(([, child]) => child.kind === "literal");
  return node.kind === "array" ? node.items.every((item) => item.kind === "literal") : node.kind === "literal";
}

function deepFreeze(value: JsonValue): JsonValue {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function compileTree(
  value: JsonValue,
  path: string,
  engine: TemplateEngine,
  failures: CompileFailure[],
  templates: Map<string, string>,
): Node {
  if (typeof value === "string") {
    if (!isTemplate(value)) return literal(coerce(path, value));
    templates.set(path, value);
    const compiled = engine.compile(value);
    if (!compiled.ok) failures.push({ path, text: value, message: compiled.message });
    return compiled.ok ? { kind: "template", path, text: value, render: compiled.render } : literal(value);
  }
  if (Array.isArray(value))
    return { kind: "array", items: value.map((v, i) => compileNode(v, at(path, i), engine, failures, templates)) };
  if (value !== null && typeof value === "object") {
    // Keys in sorted order: the rendered body is then canonical JSON as it stands (cheap hashing, stable output).
    const keys = Object.keys(value).sort();
    const entries = keys.map((k): [string, Node] => [
      k,
      compileNode(value[k] as JsonValue, at(path, k), engine, failures, templates),
    ]);
    return { kind: "object", entries, members: jsonMembers(entries) };
  }
  return literal(value);
}

function renderNode(node: Node, context: TemplateContext, errors: RenderFailure[]): JsonValue {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "template": {
      const result = node.render(context);
      if (result.ok) return coerce(node.path, result.text);
      errors.push({
        path: node.path,
        text: node.text,
        message: result.message,
        ...(result.missing ? { missing: result.missing } : {}),
      });
      return "";
    }
    case "array":
      return node.items.map((item) => renderNode(item, context, errors));
    case "object": {
      const out: JsonObject = fastKeyedRecord<JsonValue>();
      for (const [k, child] of node.entries) out[k] = renderNode(child, context, errors);
      return out;
    }
  }
}

function coerce(path: string, text: string): JsonValue {
  return NUMERIC_PATHS.has(path) && NUMERIC_TEXT.test(text) ? Number(text) : text;
}

function at(prefix: string, k: string | number): string {
  return prefix ? `${prefix}.${k}` : String(k);
}
