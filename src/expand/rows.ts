// The I/O edge of `rows:`: resolve the data file next to the manifest (never outside its folder: a manifest
// in a pull request must not read arbitrary files into prompts), read it, parse it.
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import { sha256Hex } from "../util/canonical-json.js";
import { displayPath } from "../util/paths.js";
import { parseRows, rowsFormat, type DataRow } from "./data-file.js";
import { similarFileHint } from "./nearby-file.js";
import type { InputFile } from "./types.js";

const MAX_DATA_BYTES = 50 * 1024 * 1024;

export type LoadedRows = { ok: true; rows: DataRow[]; input: InputFile; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export interface DataFileRef {
  /** As written in the manifest. */
  path: string;
  manifestDir: string;
  cwd: string;
  /** The manifest node that names the file (for errors about the file itself). */
  at: SourceLocation;
}

/** The data file's absolute path, or an error when it leaves the manifest's folder or has an unknown format. */
export function resolveDataPath(ref: DataFileRef): { ok: true; absolute: string } | { ok: false; diagnostic: Diagnostic } {
  const absolute = resolve(ref.manifestDir, ref.path);
  const inside = relative(ref.manifestDir, absolute);
  if (isAbsolute(ref.path) || inside.startsWith("..") || isAbsolute(inside)) {
    return { ok: false, diagnostic: { severity: "error", ...ref.at, message: `data file "${ref.path}" is outside the manifest's folder`, suggestion: "keep data files next to the manifest (a relative path without ..)" } };
  }
  if (!rowsFormat(absolute)) {
    return { ok: false, diagnostic: { severity: "error", ...ref.at, message: `data file "${ref.path}" has an unknown format`, suggestion: "use .csv, .json, .yaml or .yml" } };
  }
  return { ok: true, absolute };
}

export async function loadRows(ref: DataFileRef): Promise<LoadedRows> {
  const where = resolveDataPath(ref);
  if (!where.ok) return { ok: false, diagnostics: [where.diagnostic] };
  const shown = displayPath(where.absolute, ref.cwd);
  const read = await readText(where.absolute);
  if (!read.ok) {
    const hint = read.missing ? await similarFileHint(where.absolute, ref.path) : undefined;
    return { ok: false, diagnostics: [{ severity: "error", ...ref.at, message: `cannot read data file "${ref.path}" (${shown}): ${read.reason}`, ...(hint ? { suggestion: hint } : {}) }] };
  }
  const parsed = await parseRows(read.text, shown);
  if (!parsed.ok) return parsed;
  return { ok: true, rows: parsed.rows, input: { role: "data", path: shown, sha256: read.sha256 }, warnings: parsed.warnings ?? [] };
}

async function readText(path: string): Promise<{ ok: true; text: string; sha256: string } | { ok: false; reason: string; missing?: boolean }> {
  try {
    const buffer = await readFile(path);
    if (buffer.length > MAX_DATA_BYTES) return { ok: false, reason: `larger than ${MAX_DATA_BYTES / 1024 / 1024} MiB` };
    return { ok: true, text: buffer.toString("utf8"), sha256: sha256Hex(buffer) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, reason: "no such file", missing: true };
    return { ok: false, reason: code === "EISDIR" ? "it is a folder" : String((error as Error).message) };
  }
}
