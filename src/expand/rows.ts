// The I/O edge of `rows:`: resolve the data file next to the manifest (never outside its folder: a manifest
// in a pull request must not read arbitrary files into prompts), read it, parse it.
import { realpath } from "node:fs/promises";
import { NotRegularFile, readRegularFile } from "../util/regular-file.js";
import { isAbsolute, relative, resolve } from "node:path";
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import { sha256Hex } from "../util/canonical-json.js";
import { outsideManifestFolder } from "../manifest/rule-data-paths.js";
import type { DocPath } from "../manifest/doc-path.js";
import { displayPath } from "../util/paths.js";
import { parseRows, rowsFormat } from "./data-file.js";
import type { DataRow } from "./data-row.js";
import { similarFileHint } from "./nearby-file.js";
import type { InputFile } from "./types.js";

export const MAX_DATA_BYTES = 50 * 1024 * 1024;

export type LoadedRows =
  { ok: true; rows: DataRow[]; input: InputFile; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export interface DataFileRef {
  /** As written in the manifest. */
  path: string;
  manifestDir: string;
  cwd: string;
  /** The manifest node that names the file (for errors about the file itself), and its path in the document. */
  at: SourceLocation;
  field: DocPath;
  /** The expansion cap: each row makes at least one request, so a file with more rows is refused as it is read. */
  maxRows?: number;
}

/**
 * The data file's absolute path, or an error when it leaves the manifest's folder (as written, or once
 * symlinks are followed: a link to /etc/passwd is refused like "../../etc/passwd") or has an unknown format.
 */
export async function resolveDataPath(
  ref: DataFileRef,
): Promise<{ ok: true; absolute: string } | { ok: false; diagnostic: Diagnostic }> {
  const absolute = resolve(ref.manifestDir, ref.path);
  if (isAbsolute(ref.path) || !isInside(ref.manifestDir, absolute) || !(await staysInside(ref.manifestDir, absolute))) {
    return { ok: false, diagnostic: outsideManifestFolder(ref.path, ref.field, ref.at) };
  }
  if (!rowsFormat(absolute)) {
    return {
      ok: false,
      diagnostic: {
        severity: "error",
        ...ref.at,
        message: `data file "${ref.path}" has an unknown format`,
        suggestion: "use .csv, .json, .yaml or .yml",
      },
    };
  }
  return { ok: true, absolute };
}

function isInside(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return !inside.startsWith("..") && !isAbsolute(inside);
}

/** Whether the file, after following every symlink, is still inside the folder (itself resolved). */
async function staysInside(folder: string, path: string): Promise<boolean> {
  const real = await realpath(path).catch(() => undefined);
  // A file that does not exist is reported by the read, with its own message.
  return real === undefined || isInside(await realpath(folder).catch(() => folder), real);
}

export async function loadRows(ref: DataFileRef): Promise<LoadedRows> {
  const where = await resolveDataPath(ref);
  if (!where.ok) return { ok: false, diagnostics: [where.diagnostic] };
  const shown = displayPath(where.absolute, ref.cwd);
  const read = await readText(where.absolute);
  if (!read.ok) {
    const hint = read.missing ? await similarFileHint(where.absolute, ref.path) : undefined;
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          ...ref.at,
          message: `cannot read data file "${ref.path}" (${shown}): ${read.reason}`,
          ...(hint ? { suggestion: hint } : {}),
        },
      ],
    };
  }
  const parsed = await parseRows(read.text, shown, ref.maxRows);
  if (!parsed.ok) return parsed;
  if (ref.maxRows !== undefined && parsed.rows.length > ref.maxRows) {
    const message = `data file "${ref.path}" has more than ${ref.maxRows} rows, so this video expands to more requests than the cap of ${ref.maxRows}`;
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          ...ref.at,
          message,
          suggestion: `raise --max-requests (now ${ref.maxRows}) or split the file`,
        },
      ],
    };
  }
  return {
    ok: true,
    rows: parsed.rows,
    input: { role: "data", path: shown, sha256: read.sha256 },
    warnings: parsed.warnings ?? [],
  };
}

async function readText(
  path: string,
): Promise<{ ok: true; text: string; sha256: string } | { ok: false; reason: string; missing?: boolean }> {
  try {
    const read = await readRegularFile(path, MAX_DATA_BYTES);
    if ("tooLarge" in read || read.bytes.length > MAX_DATA_BYTES)
      return { ok: false, reason: `larger than ${MAX_DATA_BYTES / 1024 / 1024} MiB` };
    return { ok: true, text: read.bytes.toString("utf8"), sha256: sha256Hex(read.bytes) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, reason: "no such file", missing: true };
    if (error instanceof NotRegularFile)
      return { ok: false, reason: `${error.message} (give a .csv, .json or .yaml file)` };
    return { ok: false, reason: code === "EISDIR" ? "it is a folder" : String((error as Error).message) };
  }
}
