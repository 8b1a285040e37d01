// The manifest's I/O edge: size cap, read, then the pure checks in validate.ts.
import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import { sha256Hex } from "../util/canonical-json.js";
import type { ManifestDoc } from "./types.js";
import { checkManifestText } from "./validate.js";

export interface LoadedManifest {
  /** Path as the user gave it (for messages). */
  path: string;
  /** Absolute directory of the manifest: data files are resolved against it. */
  dir: string;
  text: string;
  sha256: string;
  /** Parsed and schema-valid. */
  doc: ManifestDoc;
  /** Position of the value at a document path (nearest existing ancestor when absent). */
  locate(path: readonly (string | number)[], options?: { key?: boolean }): SourceLocation;
}

export interface LoadOptions {
  cwd: string;
  /** Refuse manifests larger than this (default 5 MiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

type ReadResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/** Reads, parses (YAML with safety limits), schema-validates. Errors are diagnostics, never throws for user input. */
export async function loadManifest(
  file: string,
  options: LoadOptions,
): Promise<{ manifest?: LoadedManifest; diagnostics: Diagnostic[] }> {
  const absolute = resolve(options.cwd, file);
  const read = await readManifestFile(absolute, file, options.maxBytes ?? DEFAULT_MAX_MANIFEST_BYTES);
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  const checked = checkManifestText(read.text, file);
  if (!checked.doc) return { diagnostics: checked.diagnostics };
  const manifest: LoadedManifest = {
    path: file,
    dir: dirname(absolute),
    text: read.text,
    sha256: sha256Hex(read.text),
    doc: checked.doc,
    locate: checked.locate,
  };
  return { manifest, diagnostics: checked.diagnostics };
}

/** Size is checked from the file's metadata, before a byte is read or parsed. */
async function readManifestFile(absolute: string, file: string, maxBytes: number): Promise<ReadResult> {
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) return refuse(file, "is a directory, not a manifest file");
    if (info.size > maxBytes) {
      return refuse(file, `is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit for a manifest`, "put bulk data in a rows file (CSV/JSON/YAML) next to the manifest");
    }
    return { ok: true, text: await readFile(absolute, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(file, code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? String(error)})`);
  }
}

function refuse(file: string, message: string, suggestion?: string): ReadResult {
  return { ok: false, diagnostic: { severity: "error", file, message: `manifest ${file} ${message}`, ...(suggestion ? { suggestion } : {}) } };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KiB`;
  return `${bytes} bytes`;
}
