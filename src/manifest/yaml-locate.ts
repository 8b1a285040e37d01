// Document path -> source position. Walks the YAML AST (following aliases to their anchors), so a message
// about videos[2].output_config.resolution points at the exact value the user wrote.
import { isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import type { SourceLocation } from "../diagnostics.js";
import type { DocPath } from "./doc-path.js";
import type { AliasTargets } from "./yaml-aliases.js";
import { scalarKeyText } from "./yaml-convert.js";
import { nodePosition } from "./yaml-position.js";

interface LocateOptions {
  /** Point at the key rather than its value (for "unknown key" messages). */
  key?: boolean;
}

/** Position of the value at `path`; the nearest existing ancestor when the path does not exist. */
export type Locate = (path: DocPath, options?: LocateOptions) => SourceLocation;

export function makeLocator(root: Node | null, targets: AliasTargets, lineCounter: LineCounter, file: string): Locate {
  return (path, options = {}) => {
    const found = findNode(root, path, targets);
    const node = options.key || isEmpty(found.value) ? (found.key ?? found.value) : found.value;
    return nodePosition(file, lineCounter, node);
  };
}

/** The node at exactly `path` (aliases followed), or undefined when the path does not exist. */
export function nodeAt(root: Node | null, path: DocPath, targets: AliasTargets): Node | null | undefined {
  let current: Node | null = root;
  for (const segment of path) {
    const resolved = resolve(current, targets);
    const next = resolved ? child(resolved, segment) : undefined;
    if (!next) return undefined;
    current = next.value;
  }
  return resolve(current, targets);
}

/** `prompt:` with nothing after it: a zero-width null scalar; the key is the place to point at. */
function isEmpty(node: Node | null): boolean {
  return (
    node === null ||
    (isScalar(node) &&
      node.value === null &&
      node.range !== undefined &&
      node.range !== null &&
      node.range[0] === node.range[1])
  );
}

interface Found {
  value: Node | null;
  key?: Node;
}

function findNode(root: Node | null, path: DocPath, targets: AliasTargets): Found {
  let found: Found = { value: root };
  for (const segment of path) {
    const current = resolve(found.value, targets);
    const next = current ? child(current, segment) : undefined;
    if (!next) break;
    found = next;
    if (found.value === null) break;
  }
  return found;
}

function child(node: Node, segment: string | number): Found | undefined {
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment] as Node | undefined;
    return item ? { value: item } : undefined;
  }
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && scalarKeyText(p.key) === String(segment));
  return pair ? { value: (pair.value as Node | null) ?? null, key: pair.key as Node } : undefined;
}

function resolve(node: Node | null, targets: AliasTargets): Node | null {
  return isAlias(node) ? (targets.get(node) ?? node) : node;
}
