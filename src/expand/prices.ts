// The manifest's `prices:` when it names a file: read next to the manifest (YAML or JSON), shape-checked.
import { readFile } from "node:fs/promises";
import { hasErrors, type Diagnostic, type SourceLocation } from "../diagnostics.js";
import { parseYamlSafe } from "../manifest/yaml.js";
import type { PriceTable } from "../manifest/types.js";
import { sha256Hex } from "../util/canonical-json.js";
import { displayPath, resolveDataPath } from "./rows.js";
import type { InputFile } from "./types.js";

export type LoadedPrices = { ok: true; prices: PriceTable; input?: InputFile } | { ok: false; diagnostics: Diagnostic[] };

export async function loadPrices(prices: string | PriceTable | undefined, manifestDir: string, cwd: string, at: SourceLocation): Promise<LoadedPrices | undefined> {
  if (prices === undefined) return undefined;
  if (typeof prices !== "string") return { ok: true, prices };
  const where = resolveDataPath({ path: prices, manifestDir, cwd, at });
  if (!where.ok) return { ok: false, diagnostics: [where.diagnostic] };
  const shown = displayPath(where.absolute, cwd);
  let buffer: Buffer;
  try {
    buffer = await readFile(where.absolute);
  } catch {
    return { ok: false, diagnostics: [{ severity: "error", ...at, message: `cannot read price table "${prices}" (${shown})` }] };
  }
  const parsed = parsePriceTable(buffer.toString("utf8"), shown);
  return parsed.ok ? { ok: true, prices: parsed.prices, input: { role: "prices", path: shown, sha256: sha256Hex(buffer) } } : parsed;
}

export function parsePriceTable(text: string, file: string): { ok: true; prices: PriceTable } | { ok: false; diagnostics: Diagnostic[] } {
  const parsed = parseYamlSafe(text, file, { isNumericPath: (path) => path[path.length - 1] === "per_second" || path[path.length - 1] === "audio_per_second" });
  if (parsed.value === undefined || hasErrors(parsed.diagnostics)) return { ok: false, diagnostics: parsed.diagnostics };
  const fail = (path: (string | number)[], message: string): { ok: false; diagnostics: Diagnostic[] } => ({ ok: false, diagnostics: [{ severity: "error", ...parsed.locate(path), message }] });
  const value = parsed.value as { rules?: unknown } | null;
  if (!value || typeof value !== "object" || !Array.isArray(value.rules)) return fail([], "a price table needs `rules`: a list of { model_name, per_second }");
  const bad = value.rules.findIndex((r: unknown) => !isRule(r));
  if (bad >= 0) return fail(["rules", bad], `price rule ${bad + 1} needs model_name (text) and per_second (a number of at least 0)`);
  return { ok: true, prices: value as unknown as PriceTable };
}

function isRule(rule: unknown): boolean {
  const r = rule as { model_name?: unknown; per_second?: unknown } | null;
  return !!r && typeof r.model_name === "string" && typeof r.per_second === "number" && r.per_second >= 0;
}
