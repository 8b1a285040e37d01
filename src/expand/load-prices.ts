// Price tables (`--prices FILE` and the manifest's `prices:` file): YAML or JSON, read with the manifest's
// safe YAML reader and checked against one schema, with file:line:col diagnostics.
import { readRegularFile } from "../util/regular-file.js";
import { similarFileHint } from "./nearby-file.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import { hasErrors, type Diagnostic } from "../diagnostics.js";
import { DiagnosticsError, UserError } from "../errors.js";
import { describePath, pointerSegments } from "../lockfile/schema-diagnostics.js";
import type { PriceTable } from "../manifest/types.js";
import { parseYamlSafe, type Locate } from "../manifest/yaml.js";
import { loadAjv } from "../util/ajv.js";

const PRICE_TABLE_SCHEMA = {
  type: "object",
  required: ["rules"],
  additionalProperties: false,
  properties: {
    currency: { type: "string", description: "Shown after amounts, e.g. USD." },
    rules: {
      type: "array",
      items: {
        type: "object",
        required: ["model_name", "per_second"],
        additionalProperties: false,
        properties: {
          model_name: { type: "string" },
          model_version: { type: "string", description: 'A string: quote versions such as "2.0".' },
          resolution: { type: "string" },
          per_second: { type: "number", minimum: 0 },
          audio_per_second: { type: "number", minimum: 0 },
        },
      },
    },
  },
} as const;

let validator: ValidateFunction<PriceTable> | undefined;

export async function loadPriceTable(path: string, displayPath = path): Promise<PriceTable> {
  const text = await readRegularText(path).catch(async (error: NodeJS.ErrnoException) => {
    const hint = error.code === "ENOENT" ? await similarFileHint(path, displayPath) : undefined;
    throw new UserError(
      `cannot read price table ${displayPath}: ${error.code === "ENOENT" ? "no such file" : error.message}${hint ? ` (${hint})` : ""}`,
    );
  });
  return parsePriceTable(text, displayPath);
}

/** A price table is small: past 10 MiB it is not one. */
const MAX_PRICE_TABLE_BYTES = 10 * 1024 * 1024;

async function readRegularText(path: string): Promise<string> {
  const read = await readRegularFile(path, MAX_PRICE_TABLE_BYTES);
  if ("tooLarge" in read)
    throw new Error(`it is ${read.tooLarge} bytes, larger than ${MAX_PRICE_TABLE_BYTES / 1024 / 1024} MiB`);
  return read.bytes.toString("utf8");
}

/** Throws DiagnosticsError when the table is not valid. */
function parsePriceTable(text: string, file: string): PriceTable {
  const checked = checkPriceTable(text, file);
  if (!checked.ok) throw new DiagnosticsError(checked.diagnostics, `${file} is not a valid price table`);
  return checked.prices;
}

export function checkPriceTable(
  text: string,
  file: string,
): { ok: true; prices: PriceTable } | { ok: false; diagnostics: Diagnostic[] } {
  // Every number in a price table is a price: 0.10 is just 0.1 there.
  const parsed = parseYamlSafe(text, file, { isNumericPath: () => true });
  if (parsed.value === undefined || hasErrors(parsed.diagnostics))
    return { ok: false, diagnostics: parsed.diagnostics };
  validator ??= new (loadAjv())({ allErrors: true, strict: false }).compile<PriceTable>(PRICE_TABLE_SCHEMA);
  if (validator(parsed.value)) return { ok: true, prices: parsed.value };
  return { ok: false, diagnostics: (validator.errors ?? []).map((e) => schemaError(e, parsed.locate, file)) };
}

function schemaError(error: ErrorObject, locate: Locate, file: string): Diagnostic {
  const path = pointerSegments(error.instancePath);
  const p = error.params as Record<string, unknown>;
  const detail =
    error.keyword === "additionalProperties"
      ? `unknown field "${String(p.additionalProperty)}"`
      : error.keyword === "required"
        ? `missing field "${String(p.missingProperty)}"`
        : (error.message ?? error.keyword);
  const hint = error.keyword === "type" && path.at(-1) === "model_version" ? 'quote it: "2.0"' : undefined;
  const where = locate(path.map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
  return {
    severity: "error",
    ...where,
    file,
    message: `${describePath(path)}: ${detail}`,
    ...(hint ? { suggestion: hint } : {}),
  };
}
