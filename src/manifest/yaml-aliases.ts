// Aliases are resolved once, in document order, and their expanded size is computed before anything is
// materialised: a "billion laughs" document (nested aliases doubling at every level) is refused from its
// node counts alone, in microseconds, without building any of it.
import { isAlias, isCollection, isPair, visit, type Alias, type Document, type Node } from "yaml";

export type AliasTargets = Map<Alias, Node | undefined>;

/** Each alias -> the node of the last anchor with its name before it (YAML's rule). */
export function resolveAliases(doc: Document): AliasTargets {
  const anchors = new Map<string, Node>();
  const targets: AliasTargets = new Map();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return targets;
}

export type SizeResult = { ok: true; size: number } | { ok: false; cycle: Alias };

/** Number of values the node stands for once every alias is expanded (Infinity-safe: sizes are floats). */
export function expandedSize(root: Node | null, targets: AliasTargets): SizeResult {
  const memo = new Map<Node, number>();
  const inProgress = new Set<Node>();
  let cycle: Alias | undefined;
  const sizeOf = (node: unknown): number => {
    if (!node || cycle) return 0;
    if (isAlias(node)) {
      const target = targets.get(node);
      if (target && inProgress.has(target)) cycle = node;
      return target ? sizeOf(target) : 1;
    }
    if (!isCollection(node)) return 1;
    const known = memo.get(node);
    if (known !== undefined) return known;
    inProgress.add(node);
    let size = 1;
    for (const item of node.items) size += isPair(item) ? sizeOf(item.key) + sizeOf(item.value) : sizeOf(item);
    inProgress.delete(node);
    memo.set(node, size);
    return size;
  };
  const size = sizeOf(root);
  return cycle ? { ok: false, cycle } : { ok: true, size };
}

/** The first alias in document order (where a too-large expansion is reported). */
export function firstAlias(targets: AliasTargets): Alias | undefined {
  return targets.keys().next().value;
}
