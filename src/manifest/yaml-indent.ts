// "This line is indented 3 spaces" beats "unexpected token": when a syntax error sits at the start of a line
// whose indentation matches none of the lines above it, say so in numbers.

/** A hint when the error is at the first text of a line indented unlike every line before it; else undefined. */
export function indentationHint(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const indent = offset - lineStart;
  if (indent <= 0 || text.slice(lineStart, offset).trim() !== "") return undefined;
  const above = indentsAbove(text, lineStart);
  if (above.length === 0 || above.includes(indent)) return undefined;
  const nearest = above.reduce((best, n) => (Math.abs(n - indent) < Math.abs(best - indent) ? n : best));
  return `this line is indented ${spaces(indent)}, but no line above it is; the closest is indented ${spaces(nearest)}. Keys of one mapping (and items of one list) must start at the same column`;
}

/** Indentation of each non-blank, non-comment line before `end`, nearest first. */
function indentsAbove(text: string, end: number): number[] {
  const lines = text.slice(0, end).split("\n").reverse();
  const indents: number[] = [];
  for (const line of lines) {
    const content = line.trimStart();
    if (content === "" || content.startsWith("#")) continue;
    indents.push(line.length - content.length + (content.startsWith("- ") ? 2 : 0));
    indents.push(line.length - content.length);
  }
  return indents;
}

function spaces(n: number): string {
  return `${n} space${n === 1 ? "" : "s"}`;
}
