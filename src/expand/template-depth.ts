// Template nesting is bounded before Handlebars sees the text: its parser takes time that grows with the
// square of the depth (5,000 nested {{#if}} took 45 s) and its compiler recurses per level. A prompt never
// needs more than a few levels.

/** Most nested blocks ({{#if}}, {{#each}}, chained {{else if}}) or sub-expressions a template may have. */
export const MAX_TEMPLATE_DEPTH = 32;

const MUSTACHE = /\{\{([\s\S]*?)\}\}/g;

/** Why the template nests too deeply, or undefined. A linear scan: nothing is parsed. */
export function templateDepthProblem(text: string): string | undefined {
  if (!text.includes("{{")) return undefined;
  const blocks: number[] = [];
  let depth = 0;
  for (const match of text.matchAll(MUSTACHE)) {
    const inner = (match[1] ?? "").replace(/^\{*~?\s*/, "");
    if (inner.startsWith("!")) continue;
    depth += blockStep(inner, blocks);
    if (depth > MAX_TEMPLATE_DEPTH || parenDepth(inner) > MAX_TEMPLATE_DEPTH) {
      return `the template nests blocks or sub-expressions more than ${MAX_TEMPLATE_DEPTH} levels deep`;
    }
  }
  return undefined;
}

/** How one mustache changes the nesting: an opening block +1, `{{else if …}}` +1 (Handlebars nests the chain), a close ends its block. */
function blockStep(inner: string, blocks: number[]): number {
  if (inner.startsWith("#") || (inner.startsWith("^") && !/^\^\s*~?$/.test(inner))) {
    blocks.push(1);
    return 1;
  }
  if (/^else\s+\S/.test(inner) && blocks.length > 0) {
    blocks[blocks.length - 1] = (blocks.at(-1) ?? 0) + 1;
    return 1;
  }
  if (inner.startsWith("/")) return -(blocks.pop() ?? 0);
  return 0;
}

function parenDepth(inner: string): number {
  let depth = 0;
  let max = 0;
  for (const c of inner) {
    if (c === "(") max = Math.max(max, ++depth);
    else if (c === ")") depth--;
  }
  return max;
}
