// The manifest JSON Schema (schemas/manifest.schema.json, the source of truth) and its validator, precompiled
// by ajv into schema-validator.generated.ts (scripts/compile-schemas.mjs; a test keeps it fresh).
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
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
 * The schema with every local $ref replaced by (a copy of) its definition. ajv compiles a referenced schema that
 * has refs of its own into a separate function and concatenates its errors into the caller's array on every
 * call, which is quadratic in the number of errors (96,000 errors took minutes); one inlined function is linear.
 */
export function inlineDefinitions(schema: SchemaNode): SchemaNode {
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
  const merged: Record<string, SchemaNode> = {};
  for (const part of resolved.allOf ?? []) Object.assign(merged, knownProperties(part, root));
  return Object.assign(merged, resolved.properties ?? {});
}
