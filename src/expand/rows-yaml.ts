import type { Diagnostic } from "../diagnostics.js";
import { hasErrors } from "../diagnostics.js";
import { parseYamlSafe } from "../manifest/yaml.js";
import type { JsonValue } from "../util/canonical-json.js";
import { forbiddenName, rowError, type DataRow, type RowsResult } from "./data-row.js";

/** JSON or YAML: a list of objects. Read with the manifest's safe YAML reader (JSON is YAML), keeping each row's line. */
export function parseYamlRows(text: string, file: string): RowsResult {
  const parsed = parseYamlSafe(text, file);
  if (parsed.value === undefined || hasErrors(parsed.diagnostics))
    return { ok: false, diagnostics: parsed.diagnostics };
  if (!Array.isArray(parsed.value)) {
    return {
      ok: false,
      diagnostics: [
        {
          ...rowError(
            file,
            1,
            "the data file must be a list of objects (one per request)",
            "e.g. [{ sku: A1, title: Lamp }]",
          ),
          ...parsed.locate([]),
        },
      ],
    };
  }
  const rows: DataRow[] = [];
  const diagnostics: Diagnostic[] = [];
  parsed.value.forEach((value, i) => {
    const location = parsed.locate([i]);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      diagnostics.push({
        severity: "error",
        ...location,
        message: `row ${i + 1} is not an object`,
        suggestion: "each row maps column names to values",
      });
      return;
    }
    const forbidden = forbiddenName(Object.keys(value));
    if (forbidden)
      diagnostics.push({
        severity: "error",
        ...location,
        message: `row ${i + 1} uses the reserved name "${forbidden}"`,
      });
    else rows.push({ values: value as Record<string, JsonValue>, location });
  });
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, rows, warnings: parsed.diagnostics };
}
