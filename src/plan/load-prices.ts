// `--prices FILE`: a YAML or JSON price table, validated with file:line:col diagnostics.
import { readFile } from "node:fs/promises";
import { Ajv, type ErrorObject } from "ajv";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { DiagnosticsError, UserError } from "../errors.js";
import { describePath, pointerSegments } from "../lockfile/schema-diagnostics.js";
import type { PriceTable } from "../manifest/types.js";

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
          model_version: { type: "string", description: "A string: quote versions such as \"2.0\"." },
          resolution: { type: "string" },
          per_second: { type: "number", minimum: 0 },
          audio_per_second: { type: "number", minimum: 0 },
        },
      },
    },
  },
} as const;

export async function loadPriceTable(path: string, displayPath = path): Promise<PriceTable> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`cannot read price table ${displayPath}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  return parsePriceTable(text, displayPath);
}

export function parsePriceTable(text: string, file: string): PriceTable {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) throw new DiagnosticsError(doc.errors.map((e) => located(file, lines, e.pos[0], e.message)), `${file} is not valid YAML/JSON`);
  const value = doc.toJS() as unknown;
  const validate = new Ajv({ allErrors: true, strict: false }).compile<PriceTable>(PRICE_TABLE_SCHEMA);
  if (validate(value)) return value;
  throw new DiagnosticsError((validate.errors ?? []).map((e) => schemaError(e, doc, lines, file)), `${file} is not a valid price table`);
}

function schemaError(error: ErrorObject, doc: Document, lines: LineCounter, file: string): Diagnostic {
  const path = pointerSegments(error.instancePath);
  const node = doc.getIn(path.map((s) => (/^\d+$/.test(s) ? Number(s) : s)), true);
  const offset = isNode(node) && node.range ? node.range[0] : 0;
  const p = error.params as Record<string, unknown>;
  const detail = error.keyword === "additionalProperties" ? `unknown field "${String(p.additionalProperty)}"` : error.keyword === "required" ? `missing field "${String(p.missingProperty)}"` : (error.message ?? error.keyword);
  const hint = error.keyword === "type" && path.at(-1) === "model_version" ? "quote it: \"2.0\"" : undefined;
  return { ...located(file, lines, offset, `${describePath(path)}: ${detail}`), ...(hint ? { suggestion: hint } : {}) };
}

function located(file: string, lines: LineCounter, offset: number, message: string): Diagnostic {
  const { line, col } = lines.linePos(offset);
  return { severity: "error", file, line, col, message };
}
