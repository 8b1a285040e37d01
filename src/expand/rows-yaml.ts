import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import type { JsonValue } from "../util/canonical-json.js";
import { forbiddenName, rowError, type DataRow, type RowsResult } from "./data-file.js";

const MAX_ALIASES = 1000;

/** JSON or YAML: an array of objects. Parsed with the yaml package (JSON is YAML) to keep each row's line. */
export function parseYamlRows(text: string, file: string): RowsResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const line = (offset: number | undefined): number => lineCounter.linePos(offset ?? 0).line;
  if (doc.errors.length > 0) {
    return { ok: false, diagnostics: doc.errors.map((e) => rowError(file, e.linePos?.[0].line ?? 1, e.message.split("\n")[0] ?? e.message)) };
  }
  if (!isSeq(doc.contents)) {
    return { ok: false, diagnostics: [rowError(file, line(doc.contents?.range?.[0]), "the data file must be a list of objects (one per request)", "e.g. [{ sku: A1, title: Lamp }]")] };
  }
  let all: unknown;
  try {
    all = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return { ok: false, diagnostics: [rowError(file, 1, `cannot read the data file: ${(error as Error).message}`)] };
  }
  const rows: DataRow[] = [];
  const diagnostics: Diagnostic[] = [];
  doc.contents.items.forEach((item, i) => {
    const at = line((item as { range?: number[] } | null)?.range?.[0]);
    const value = (all as unknown[])[i];
    if (!isMap(item) || value === null || typeof value !== "object" || Array.isArray(value)) {
      diagnostics.push(rowError(file, at, `row ${i + 1} is not an object`, "each row maps column names to values"));
      return;
    }
    const forbidden = forbiddenName(Object.keys(value));
    if (forbidden) diagnostics.push(rowError(file, at, `row ${i + 1} uses the reserved name "${forbidden}"`));
    else rows.push({ values: value as Record<string, JsonValue>, location: { file, line: at, col: 1 } });
  });
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, rows };
}
