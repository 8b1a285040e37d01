// Nesting depth of a YAML document, bounded. A manifest never needs more than a handful of levels; thousands of
// them overflow the parser's and every later walker's stack. The walk is iterative, so measuring is safe.
import { isCollection, isPair, type Node } from "yaml";

/** Most nested lists/mappings a manifest or data file may have. */
const MAX_YAML_DEPTH = 64;

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

/**
 * Where a document too deep for the parser itself probably passes `max`: the first line whose indentation
 * nests (with its `- ` items) deeper than that. Only a place to point at, after the parser gave up.
 */
export function deepLineEstimate(text: string, max = MAX_YAML_DEPTH): { line: number; col: number } {
  const indents: number[] = [];
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    const content = /^( *)((?:- +)*)(\S)/.exec(line);
    if (!content || content[3] === "#") continue;
    const indent = content[1]?.length ?? 0;
    while (indents.length > 0 && (indents.at(-1) ?? 0) >= indent) indents.pop();
    indents.push(indent);
    const items = (content[2]?.match(/-/g) ?? []).length;
    if (indents.length + items > max) return { line: i + 1, col: indent + 1 };
  }
  return { line: 1, col: 1 };
}
