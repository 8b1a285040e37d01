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
