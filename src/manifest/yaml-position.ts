import type { LineCounter, Node } from "yaml";
import type { SourceLocation } from "../diagnostics.js";

/** 1-based line and column of a character offset. */
export function positionAt(file: string, lineCounter: LineCounter, offset: number): SourceLocation {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, col };
}

/** Where a node starts (its first character, after any anchor or tag). */
export function nodePosition(file: string, lineCounter: LineCounter, node: Node | null | undefined): SourceLocation {
  return positionAt(file, lineCounter, node?.range?.[0] ?? 0);
}
