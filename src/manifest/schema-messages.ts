// One ajv error (outside any anyOf cascade) -> one sentence about the user's value.
import type { ErrorObject } from "ajv";
import { formatPath, pathFromPointer, type DocPath } from "./doc-path.js";
import type { SchemaProblem, SourceText } from "./schema-problem.js";
import { closestMatch, didYouMean } from "./suggest.js";

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  integer: "a whole number",
  boolean: "true/false",
  object: "a mapping (key: value lines)",
  array: "a list",
  null: "empty",
  template: 'a template such as "{{var}}"',
};

interface Described {
  message: string;
  suggestion?: string;
  atKey?: boolean;
  /** Where to point, when not at the failing value itself. */
  path?: DocPath;
  /** The message names its subject already; otherwise it is prefixed with the value's path. */
  complete?: boolean;
  missingField?: string;
  closeTo?: string;
}

type Describe = (e: ErrorObject, path: DocPath, sourceText: SourceText) => Described;

const DESCRIBE: Record<string, Describe> = {
  type: describeType,
  enum: (e) => {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
    const hint = typeof e.data === "string" ? didYouMean(e.data, allowed) : undefined;
    return {
      message: `must be one of ${allowed.join(", ")}, not ${show(e.data)}`,
      ...(hint ? { suggestion: hint } : {}),
    };
  },
  const: (e) => ({
    message: `must be ${show((e.params as { allowedValue: unknown }).allowedValue)}, not ${show(e.data)}`,
  }),
  required: (e, path) => describeRequired((e.params as { missingProperty: string }).missingProperty, path),
  additionalProperties: (e, path) => describeUnknownKey(e, path),
  not: (e) => ({ message: customMessage(e) ?? "is not allowed here", atKey: true }),
  pattern: (e) => ({
    message: customMessage(e) ?? `does not match the pattern ${(e.params as { pattern: string }).pattern}`,
  }),
  minItems: (e) => ({
    message: limit(e) === "1" ? "must not be an empty list" : `must list at least ${limit(e)} items`,
  }),
  minProperties: () => ({ message: "must not be empty" }),
  minLength: () => ({ message: "must not be empty" }),
  minimum: (e) => ({ message: `must be at least ${limit(e)}, not ${show(e.data)}` }),
  maximum: (e) => ({ message: `must be at most ${limit(e)}, not ${show(e.data)}` }),
  exclusiveMinimum: (e) => ({ message: `must be more than ${limit(e)}, not ${show(e.data)}` }),
  uniqueItems: (e, path) => {
    const j = (e.params as { j: number }).j;
    return {
      message: `${formatPath(path)} lists ${show((e.data as unknown[])[j])} twice`,
      path: [...path, j],
      complete: true,
    };
  },
};

export function describeSimpleError(e: ErrorObject, sourceText: SourceText): SchemaProblem {
  const path = pathFromPointer(e.instancePath);
  const describe = DESCRIBE[e.keyword];
  const found: Described = describe
    ? describe(e, path, sourceText)
    : { message: customMessage(e) ?? e.message ?? "is not valid" };
  const at = found.path ?? path;
  const complete = found.complete === true || found.message === customMessage(e);
  const message = complete ? found.message : `${formatPath(at)} ${found.message}`;
  const extras = {
    ...(found.suggestion ? { suggestion: found.suggestion } : {}),
    ...(found.missingField ? { missingField: found.missingField } : {}),
    ...(found.closeTo ? { closeTo: found.closeTo } : {}),
  };
  return { path: at, atKey: found.atKey ?? false, message, ...extras };
}

function describeType(e: ErrorObject, path: DocPath, sourceText: SourceText): Described {
  const wanted = String((e.params as { type: string }).type).split(",");
  const words = orList(wanted.map((t) => TYPE_WORDS[t] ?? t));
  if (path.length === 0)
    return { message: "a manifest must be a mapping with version, campaign and videos", complete: true };
  const source = sourceText(path);
  if (
    wanted.length === 1 &&
    wanted[0] === "string" &&
    (typeof e.data === "number" || typeof e.data === "boolean") &&
    source !== undefined
  ) {
    return { message: `must be ${words}`, suggestion: `write "${source}" in quotes` };
  }
  if (e.data === null)
    return { message: `is empty: it must be ${words}`, suggestion: "give it a value, or remove the key" };
  return { message: `must be ${words}, not ${kindOf(e.data)}` };
}

function describeRequired(missing: string, path: DocPath): Described {
  const where = path.length === 0 ? "the manifest" : formatPath(path);
  return { message: `${where} is missing the required field "${missing}"`, complete: true, missingField: missing };
}

function describeUnknownKey(e: ErrorObject, path: DocPath): Described {
  const key = (e.params as { additionalProperty: string }).additionalProperty;
  const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const where = path.length === 0 ? "top-level key" : `key in ${formatPath(path)}`;
  const close = closestMatch(key, known);
  const hint = close === undefined ? undefined : `did you mean "${close}"?`;
  return {
    ...(close !== undefined ? { closeTo: close } : {}),
    message: `unknown ${where}: "${key}"`,
    path: [...path, key],
    atKey: true,
    complete: true,
    suggestion: hint ?? `expected one of ${known.join(", ")}`,
  };
}

/** ["a", "b", "c"] -> "a, b or c". */
function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

function customMessage(e: ErrorObject): string | undefined {
  return (e.parentSchema as { errorMessage?: string } | undefined)?.errorMessage;
}

function limit(e: ErrorObject): string {
  return String((e.params as { limit: number }).limit);
}

function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "empty";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text ${show(value)}`;
  if (typeof value === "number") return `the number ${show(value)}`;
  return show(value);
}
