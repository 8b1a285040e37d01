/** A finding about user input: a manifest, a data file, a lockfile, a saved plan. */
export interface Diagnostic {
  severity: "error" | "warning";
  message: string;
  /** Path as given by the user (relative to cwd when possible). */
  file?: string;
  /** 1-based line and column of the node concerned. */
  line?: number;
  col?: number;
  /** "did you mean …", "quote it: \"2.0\"", … */
  suggestion?: string;
  /** The request key the finding is about, when there is one. */
  key?: string;
}

export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Stable: by file (in order of first appearance), then line and column; findings without a place keep theirs. */
export function sortByPlace(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const fileOrder = new Map<string, number>();
  for (const d of diagnostics) if (!fileOrder.has(d.file ?? "")) fileOrder.set(d.file ?? "", fileOrder.size);
  const rank = (d: Diagnostic): number => fileOrder.get(d.file ?? "") ?? 0;
  return [...diagnostics].sort(
    (a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0),
  );
}
