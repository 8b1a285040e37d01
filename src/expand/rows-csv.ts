import { parse } from "csv-parse/sync";
import type { JsonValue } from "../util/canonical-json.js";
import { forbiddenName, rowError, type DataRow, type RowsResult } from "./data-row.js";

interface CsvRecord {
  record: Record<string, string>;
  info: { lines: number };
}

/** CSV with a header line: columns become variables (strings). A real parser: quotes, commas and newlines in fields. */
/** With `maxRows`, parsing stops one row past it: the caller refuses the file without reading the rest. */
export function parseCsvRows(text: string, file: string, maxRows?: number): RowsResult {
  const header = headerOf(text);
  const bad = checkHeader(header, file);
  if (bad) return { ok: false, diagnostics: [bad] };
  try {
    const records = parse(text, {
      columns: true,
      info: true,
      bom: true,
      skip_empty_lines: true,
      ...(maxRows !== undefined ? { to: maxRows + 1 } : {}),
    }) as CsvRecord[];
    const rows: DataRow[] = records.map(({ record, info }) => ({
      values: record as Record<string, JsonValue>,
      location: { file, line: info.lines, col: 1 },
    }));
    return { ok: true, rows };
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    const message = (e.message ?? String(error)).replace(/ on line \d+$/, "").replace(/ at line \d+$/, "");
    return {
      ok: false,
      diagnostics: [
        rowError(
          file,
          e.lines ?? 1,
          `bad CSV row: ${message}`,
          "every row needs as many fields as the header; quote fields that contain commas",
        ),
      ],
    };
  }
}

function headerOf(text: string): string[] {
  try {
    const first = parse(text, { bom: true, to_line: 1, skip_empty_lines: true }) as string[][];
    return first[0] ?? [];
  } catch {
    return [];
  }
}

function checkHeader(header: string[], file: string): ReturnType<typeof rowError> | undefined {
  if (header.length === 0)
    return rowError(file, 1, "the CSV file has no header line", "the first line names the columns, e.g. sku,title");
  const dup = header.find((name, i) => header.indexOf(name) !== i);
  if (dup !== undefined) return rowError(file, 1, `column "${dup}" appears twice in the header`);
  const empty = header.findIndex((name) => name.trim() === "");
  if (empty >= 0) return rowError(file, 1, `column ${empty + 1} of the header has no name`);
  const forbidden = forbiddenName(header);
  if (forbidden) return rowError(file, 1, `column name "${forbidden}" is reserved`, "rename the column");
  return undefined;
}
