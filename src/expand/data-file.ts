// Reads a data file of rows (CSV, JSON or YAML) next to the manifest. Each row keeps its line so a finding
// about a value it supplied points at it. Pure over the file's text; the caller reads the file.
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { JsonValue } from "../util/canonical-json.js";
import { UNSAFE_KEYS } from "../util/objects.js";

export interface DataRow {
  values: Record<string, JsonValue>;
  location: SourceLocation;
}

export type RowsResult = { ok: true; rows: DataRow[]; warnings?: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };


export function rowsFormat(path: string): "csv" | "json" | "yaml" | undefined {
  const m = /\.(csv|json|ya?ml)$/i.exec(path);
  if (!m?.[1]) return undefined;
  const ext = m[1].toLowerCase();
  return ext === "csv" ? "csv" : ext === "json" ? "json" : "yaml";
}

export async function parseRows(text: string, file: string, maxRows?: number): Promise<RowsResult> {
  const format = rowsFormat(file);
  if (format === "csv") return (await import("./rows-csv.js")).parseCsvRows(text, file, maxRows);
  return (await import("./rows-yaml.js")).parseYamlRows(text, file);
}

export function rowError(file: string, line: number, message: string, suggestion?: string): Diagnostic {
  return { severity: "error", file, line, col: 1, message, ...(suggestion ? { suggestion } : {}) };
}

/** A column name a template cannot use safely, or undefined. */
export function forbiddenName(names: readonly string[]): string | undefined {
  return names.find((n) => UNSAFE_KEYS.has(n) || n === "env");
}
