// Nesting depth of a YAML document, bounded. A manifest never needs more than a handful of levels; thousands of
// them overflow the parser's and every later walker's stack. The walk is iterative, so measuring is safe.
import { isCollection, isPair, type Node } from "yaml";

/** Most nested lists/mappings a manifest or data file may have. */
export const MAX_YAML_DEPTH = 64;

export const TOO_DEEP_MESSAGE = `the document is nested more than ${MAX_YAML_DEPTH} levels deep`;

/** The first collection nested deeper than `max`, or undefined. */
export function tooDeepNode(root: Node | null, max = MAX_YAML_DEPTH): Node | undefined {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (!isCollection(node)) continue;
    if (depth > max) return node;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) stack.push([item.key, depth + 1], [item.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}
