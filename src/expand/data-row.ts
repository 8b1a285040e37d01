// One row of a data file, and the helpers the CSV and YAML row parsers share (kept apart from data-file.ts,
// which loads the parsers, so the parsers do not import their loader).
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { JsonValue } from "../util/canonical-json.js";
import { UNSAFE_KEYS } from "../util/objects.js";

export interface DataRow {
  values: Record<string, JsonValue>;
  location: SourceLocation;
}

export type RowsResult =
  { ok: true; rows: DataRow[]; warnings?: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export function rowError(file: string, line: number, message: string, suggestion?: string): Diagnostic {
  return { severity: "error", file, line, col: 1, message, ...(suggestion ? { suggestion } : {}) };
}

/** A column name a template cannot use safely, or undefined. */
export function forbiddenName(names: readonly string[]): string | undefined {
  return names.find((n) => UNSAFE_KEYS.has(n) || n === "env");
}
