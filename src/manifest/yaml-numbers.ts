// YAML reads `2.0` as the number 2, `010` as 10, `1e3` as 1000: the text the user wrote is gone by the time
// anything sees the value. Find those scalars in the AST (where the source text still exists), so a
// version "2.0" never silently becomes "2". Fields that really are numbers say so through `isNumericPath`.
import { isMap, isScalar, isSeq, type Node, type Scalar } from "yaml";
import type { DocPath } from "./doc-path.js";
import { scalarKeyText } from "./yaml-convert.js";

export interface LossyNumber {
  path: DocPath;
  /** What the user wrote, e.g. "2.0". */
  source: string;
  /** What YAML made of it, e.g. 2. */
  value: number;
  node: Scalar;
}

/** Plain number scalars whose source text differs from String(value), outside numeric fields. Aliases are checked at their anchor. */
export function findLossyNumbers(root: Node | null, isNumericPath: (path: DocPath) => boolean): LossyNumber[] {
  const found: LossyNumber[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isScalar(node)) {
      const lossy = lossyText(node);
      if (lossy !== undefined && !isNumericPath(path))
        found.push({ path: [...path], source: lossy, value: node.value as number, node });
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index]));
    } else if (isMap(node)) {
      for (const pair of node.items) if (isScalar(pair.key)) walk(pair.value, [...path, scalarKeyText(pair.key)]);
    }
  };
  walk(root, []);
  return found;
}

function lossyText(node: Scalar): string | undefined {
  // Non-finite values (.inf, .nan) are refused on their own when the document is converted.
  if (
    typeof node.value !== "number" ||
    !Number.isFinite(node.value) ||
    node.type !== "PLAIN" ||
    node.source === undefined
  )
    return undefined;
  return node.source === String(node.value) ? undefined : node.source;
}

/** The hint every lossy-number message carries: keep the text, or write the number YAML actually read. */
export function quotingHint(source: string, value: number): string {
  return `write "${source}" in quotes to keep it as text, or ${String(value)} if you mean the number`;
}
