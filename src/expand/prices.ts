// The manifest's `prices:` when it names a file: read next to the manifest (YAML or JSON), shape-checked.
import { NotRegularFile, readRegularFile } from "../util/regular-file.js";
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import { checkPriceTable } from "./load-prices.js";
import type { PriceTable } from "../manifest/types.js";
import { sha256Hex } from "../util/canonical-json.js";
import { displayPath } from "../util/paths.js";
import { similarFileHint } from "./nearby-file.js";
import { MAX_DATA_BYTES, resolveDataPath } from "./rows.js";
import type { InputFile } from "./types.js";

export type LoadedPrices =
  { ok: true; prices: PriceTable; input?: InputFile } | { ok: false; diagnostics: Diagnostic[] };

export async function loadPrices(
  prices: string | PriceTable | undefined,
  manifestDir: string,
  cwd: string,
  at: SourceLocation,
): Promise<LoadedPrices | undefined> {
  if (prices === undefined) return undefined;
  if (typeof prices !== "string") return { ok: true, prices };
  const where = await resolveDataPath({ path: prices, manifestDir, cwd, at, field: ["prices"] });
  if (!where.ok) return { ok: false, diagnostics: [where.diagnostic] };
  const shown = displayPath(where.absolute, cwd);
  let buffer: Buffer;
  try {
    const read = await readRegularFile(where.absolute, MAX_DATA_BYTES);
    if ("tooLarge" in read)
      return {
        ok: false,
        diagnostics: [
          {
            severity: "error",
            ...at,
            message: `cannot read price table "${prices}" (${shown}): larger than ${MAX_DATA_BYTES / 1024 / 1024} MiB`,
          },
        ],
      };
    buffer = read.bytes;
  } catch (error) {
    if (error instanceof NotRegularFile)
      return {
        ok: false,
        diagnostics: [
          { severity: "error", ...at, message: `cannot read price table "${prices}" (${shown}): ${error.message}` },
        ],
      };
    const hint = await similarFileHint(where.absolute, prices);
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          ...at,
          message: `cannot read price table "${prices}" (${shown})`,
          ...(hint ? { suggestion: hint } : {}),
        },
      ],
    };
  }
  const parsed = checkPriceTable(buffer.toString("utf8"), shown);
  return parsed.ok
    ? { ok: true, prices: parsed.prices, input: { role: "prices", path: shown, sha256: sha256Hex(buffer) } }
    : parsed;
}
