// Reads a data file of rows (CSV, JSON or YAML) next to the manifest. Each row keeps its line so a finding
// about a value it supplied points at it. Pure over the file's text; the caller reads the file.
import type { RowsResult } from "./data-row.js";

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
