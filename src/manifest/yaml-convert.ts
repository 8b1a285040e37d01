// AST -> plain JSON values, refusing what a manifest has no business containing: duplicate keys, keys that
// would reach Object.prototype, non-text keys, merge keys, exotic tags (binary, sets, timestamps), NaN/Infinity.
// Objects are built with defineProperty semantics and aliases are copied, so no two places share an object.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Alias,
  type LineCounter,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import type { AliasTargets } from "./yaml-aliases.js";
import { nodePosition } from "./yaml-position.js";
import { UNSAFE_KEYS, keyedRecord } from "../util/objects.js";

/** Keys that change how a JavaScript object behaves when assigned; refused wherever they appear. */

const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

export interface ConvertContext {
  file: string;
  lineCounter: LineCounter;
  targets: AliasTargets;
  diagnostics: Diagnostic[];
}

export function toJsonValue(node: unknown, ctx: ConvertContext): JsonValue {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return aliasValue(node, ctx);
  if (!checkTag(node as Node, ctx)) return null;
  if (isMap(node)) return mapToObject(node, ctx);
  if (isSeq(node)) return node.items.map((item) => toJsonValue(item, ctx));
  if (isScalar(node)) return scalarValue(node, ctx);
  return null;
}

function aliasValue(node: Alias, ctx: ConvertContext): JsonValue {
  const target = ctx.targets.get(node);
  if (target) return toJsonValue(target, ctx);
  error(
    ctx,
    node,
    `alias *${node.source} has no anchor &${node.source} before it`,
    "define the anchor (&name) before using the alias (*name)",
  );
  return null;
}

function checkTag(node: Node, ctx: ConvertContext): boolean {
  if (!node.tag || PLAIN_TAGS.has(node.tag)) return true;
  const tag = node.tag.replace("tag:yaml.org,2002:", "!!");
  error(ctx, node, `YAML tag ${tag} is not supported: use plain text, numbers, true/false, lists and mappings`);
  return false;
}

function scalarValue(node: Node & { value: unknown }, ctx: ConvertContext): JsonValue {
  const value = node.value;
  if (typeof value === "string" || typeof value === "boolean" || value === null) return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "number") {
    error(ctx, node, `${String(value)} is not a finite number: write a number, or put the text in quotes`);
    return null;
  }
  error(ctx, node, "unsupported YAML value: use plain text, numbers, true/false, lists and mappings");
  return null;
}

function mapToObject(node: YAMLMap, ctx: ConvertContext): JsonObject {
  const out: JsonObject = keyedRecord<JsonValue>();
  const seen = new Map<string, Node>();
  for (const pair of node.items) {
    const key = keyText(pair, ctx);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first) {
      const firstLine = nodePosition(ctx.file, ctx.lineCounter, first).line;
      error(
        ctx,
        pair.key as Node,
        `duplicate key "${key}" (first defined on line ${firstLine})`,
        "keep one of the two",
      );
      continue;
    }
    seen.set(key, pair.key as Node);
    // defineProperty: never the __proto__ setter, even if a refused key slipped through.
    Object.defineProperty(out, key, {
      value: toJsonValue(pair.value, ctx),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function keyText(pair: Pair, ctx: ConvertContext): string | undefined {
  const keyNode = isAlias(pair.key) ? ctx.targets.get(pair.key) : pair.key;
  if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === "object") {
    error(
      ctx,
      (pair.key ?? pair.value) as Node,
      "mapping keys must be plain text",
      "write the key as a name, e.g. prompt:",
    );
    return undefined;
  }
  const key = scalarKeyText(keyNode);
  if (key === "<<") {
    error(
      ctx,
      keyNode,
      "YAML merge keys (<<) are not supported",
      "use `defaults` for shared video fields, or repeat the fields",
    );
    return undefined;
  }
  if (UNSAFE_KEYS.has(key)) {
    error(ctx, keyNode, `key "${key}" is not allowed: it could change how JavaScript objects behave`, "rename it");
    return undefined;
  }
  return key;
}

function error(ctx: ConvertContext, node: Node | null | undefined, message: string, suggestion?: string): void {
  const at = nodePosition(ctx.file, ctx.lineCounter, node);
  ctx.diagnostics.push({ severity: "error", message, ...at, ...(suggestion ? { suggestion } : {}) });
}

/** A scalar key as text: numbers and booleans as the user wrote them (`2.0:` is the key "2.0"). */
export function scalarKeyText(node: Scalar): string {
  return typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
}
