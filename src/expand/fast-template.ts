// A fast path for the templates most manifests use: text, {{variable}}, {{a.b}} and simple partials, with no
// helpers or blocks. Rendering them without the Handlebars runtime is several times faster (100,000
// requests); output and strict-mode errors match what Handlebars gives for them. Anything else returns
// undefined and goes through Handlebars.
import { MAX_RENDERED_CHARS, TemplateTooLarge } from "./render-budget.js";
import type { CompiledTemplate, TemplateContext } from "./template-types.js";
import { append } from "../util/arrays.js";

type Segment = string | readonly string[];

interface AstNode {
  type: string;
  value?: string;
  path?: { type: string; parts: string[]; data: boolean; depth: number; original: string };
  params?: unknown[];
  hash?: unknown;
  name?: { type: string; original: string };
  indent?: string;
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function fastTemplate(
  body: readonly AstNode[],
  helpers: ReadonlySet<string>,
  partial: (name: string) => readonly AstNode[] | undefined,
): CompiledTemplate | undefined {
  const segments = flatten(body, helpers, partial, 0);
  if (!segments) return undefined;
  return (context) => renderSegments(segments, context);
}

/** More segments than this (partials multiplying each other) go through Handlebars, whose render is budgeted. */
const MAX_SEGMENTS = 10_000;

function flatten(
  body: readonly AstNode[],
  helpers: ReadonlySet<string>,
  partial: (name: string) => readonly AstNode[] | undefined,
  depth: number,
): Segment[] | undefined {
  if (depth > 5) return undefined;
  const out: Segment[] = [];
  for (const node of body) {
    if (node.type === "ContentStatement") out.push(node.value ?? "");
    else if (node.type === "CommentStatement") continue;
    else if (node.type === "MustacheStatement" && isPlainPath(node, helpers)) out.push(node.path?.parts ?? []);
    else if (node.type === "PartialStatement" && isPlainPartial(node)) {
      const inner = partial(node.name?.original ?? "");
      const flat = inner && flatten(inner, helpers, partial, depth + 1);
      if (!flat || out.length + flat.length > MAX_SEGMENTS) return undefined;
      append(out, flat);
    } else return undefined;
  }
  return out;
}

function isPlainPath(node: AstNode, helpers: ReadonlySet<string>): boolean {
  const path = node.path;
  if (!path || path.type !== "PathExpression" || path.data || path.depth !== 0) return false;
  if ((node.params?.length ?? 0) > 0 || node.hash) return false;
  return (
    path.parts.length > 0 &&
    path.parts.every((p) => PLAIN_NAME.test(p)) &&
    !helpers.has(path.original) &&
    path.original === path.parts.join(".")
  );
}

function isPlainPartial(node: AstNode): boolean {
  return node.name?.type === "PathExpression" && !node.indent && (node.params?.length ?? 0) === 0 && !node.hash;
}

function renderSegments(segments: readonly Segment[], context: TemplateContext): ReturnType<CompiledTemplate> {
  let text = "";
  for (const segment of segments) {
    if (typeof segment === "string") {
      text += segment;
      if (text.length > MAX_RENDERED_CHARS) return { ok: false, message: new TemplateTooLarge().message };
      continue;
    }
    let value: unknown = context;
    for (const part of segment) {
      if (value === null || value === undefined || typeof value !== "object" || !Object.hasOwn(value, part)) {
        return { ok: false, message: `variable "${part}" is not defined`, missing: part };
      }
      value = (value as Record<string, unknown>)[part];
    }
    if (isMapping(value)) return mappingRendered(segment.join("."));
    if (value !== null && value !== undefined) text += String(value);
    if (text.length > MAX_RENDERED_CHARS) return { ok: false, message: new TemplateTooLarge().message };
  }
  return { ok: true, text };
}

function isMapping(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A mapping (an object-valued matrix value) has no text of its own: Handlebars would print "[object Object]". */
export function mappingRendered(name?: string): { ok: false; message: string } {
  const what = name ? `variable "${name}" is a mapping` : "a variable that is a mapping was printed";
  return {
    ok: false,
    message: `${what}, which has no text of its own: use one of its fields, e.g. {{${name ?? "node"}.version}}`,
  };
}
