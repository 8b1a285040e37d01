// The manifest JSON Schema (schemas/manifest.schema.json, the source of truth) and its validator, precompiled
// by ajv into schema-validator.generated.ts (scripts/compile-schemas.mjs; a test keeps it fresh).
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { isJsonObject, keyedRecord } from "../util/objects.js";
import { validate as precompiledValidate } from "./schema-validator.generated.js";

/** Minimal view of a JSON Schema node, enough to walk properties and read descriptions. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  errorMessage?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  definitions?: Record<string, SchemaNode>;
  [keyword: string]: unknown;
}

// dist/manifest/schema.js and src/manifest/schema.ts both sit two levels below the package root.
const SCHEMA_URL = new URL("../../schemas/manifest.schema.json", import.meta.url);

let cachedSchema: SchemaNode | undefined;

export function manifestSchema(): SchemaNode {
  cachedSchema ??= JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as SchemaNode;
  return cachedSchema;
}

/** All schema errors (ajv allErrors, verbose so messages can use the failing schema and value). */
export function validateAgainstSchema(value: unknown): ErrorObject[] {
  const validate = precompiledValidate as unknown as ValidateFunction;
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/**
 * Objects whose unknown fields pass through to the API with a warning (manifest/rule-passthrough.ts), not a schema
 * error. The schema says additionalProperties: false there so that editors flag them as validate does; the
 * validator leaves them to the rule.
 */
const PASSTHROUGH_OBJECTS: readonly { path: readonly string[]; extra: "allowed" | "unset" }[] = [
  { path: ["properties", "defaults"], extra: "unset" }, // (its allOf videoFields allows them)
  { path: ["definitions", "video"], extra: "unset" },
  { path: ["definitions", "outputConfig"], extra: "allowed" },
  { path: ["definitions", "fileInfo"], extra: "allowed" },
];
/** Annotations for editors only (yaml-language-server); the model hints are if/then pairs of examples. */
const EDITOR_KEYWORDS = new Set(["markdownDescription", "doNotSuggest", "examples", "if", "then"]);

/** The schema reelform's own validator is compiled from (scripts/compile-schemas.mjs): editor hints left out. */
export function validatorSchema(schema: SchemaNode): SchemaNode {
  const copy = structuredClone(schema);
  for (const { path, extra } of PASSTHROUGH_OBJECTS) {
    const node = path.reduce<Record<string, unknown> | undefined>(
      (at, key) => at?.[key] as Record<string, unknown> | undefined,
      copy,
    );
    if (node && extra === "allowed") node.additionalProperties = true;
    else if (node) delete node.additionalProperties;
  }
  return inlineDefinitions(withoutEditorKeywords(copy) as SchemaNode);
}

function withoutEditorKeywords(node: unknown): unknown {
  if (Array.isArray(node))
    return node.map(withoutEditorKeywords).filter((part) => !(isJsonObject(part) && Object.keys(part).length === 0));
  if (!isJsonObject(node)) return node;
  const kept = Object.entries(node).filter(([key]) => !EDITOR_KEYWORDS.has(key));
  const copy = Object.fromEntries(
    kept.map(([key, value]) => [key, key === "properties" ? withoutPlaceholders(value) : withoutEditorKeywords(value)]),
  );
  if (Array.isArray(copy.allOf) && copy.allOf.length === 0) delete copy.allOf;
  if (isJsonObject(copy.properties) && Object.keys(copy.properties).length === 0) delete copy.properties;
  return copy;
}

/** Property schemas, without the `true` placeholders that only name API fields for editors' additionalProperties. */
function withoutPlaceholders(properties: unknown): unknown {
  if (!isJsonObject(properties)) return properties;
  return Object.fromEntries(
    Object.entries(properties).flatMap(([name, node]) => (node === true ? [] : [[name, withoutEditorKeywords(node)]])),
  );
}

/**
 * The schema with every local $ref replaced by (a copy of) its definition. ajv compiles a referenced schema that
 * has refs of its own into a separate function and concatenates its errors into the caller's array on every
 * call, which is quadratic in the number of errors (96,000 errors took minutes); one inlined function is linear.
 */
function inlineDefinitions(schema: SchemaNode): SchemaNode {
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (node === null || typeof node !== "object") return node;
    const { $ref, ...rest } = node as SchemaNode;
    if ($ref !== undefined) return inline({ ...deref({ $ref }, schema), ...rest });
    return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, inline(value)]));
  };
  const { definitions: _definitions, ...withoutDefinitions } = schema;
  return inline(withoutDefinitions) as SchemaNode;
}

/** Follow $ref (local "#/definitions/…" only) to the schema node it names. */
export function deref(node: SchemaNode, root: SchemaNode = manifestSchema()): SchemaNode {
  let current = node;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    const name = current.$ref.replace("#/definitions/", "");
    const target = root.definitions?.[name];
    if (!target) throw new Error(`schema: unresolved $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

/** Property schemas of an object schema, including those brought in by allOf (and $ref). */
export function knownProperties(node: SchemaNode, root: SchemaNode = manifestSchema()): Record<string, SchemaNode> {
  const resolved = deref(node, root);
  const merged: Record<string, SchemaNode> = keyedRecord<SchemaNode>();
  for (const part of resolved.allOf ?? []) Object.assign(merged, knownProperties(part, root));
  return Object.assign(merged, resolved.properties ?? {});
}
