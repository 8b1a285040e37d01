// The manifest's I/O edge: size cap, read, then the pure checks in validate.ts.
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import { formatBytes } from "../util/bytes.js";
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

const DEFAULT_MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

type ReadResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/** Reads, parses (YAML with safety limits), schema-validates. Errors are diagnostics, never throws for user input. */
export async function loadManifest(file: string, options: LoadOptions): Promise<LoadResult> {
  const absolute = resolve(options.cwd, file);
  const read = await readManifestFile(absolute, file, options.maxBytes ?? DEFAULT_MAX_MANIFEST_BYTES);
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  const checked = checkManifestText(read.text, file);
  const loaded = (doc: ManifestDoc): LoadedManifest => ({
    path: file,
    dir: dirname(absolute),
    text: read.text,
    sha256: sha256Hex(read.text),
    doc,
    locate: checked.locate,
  });
  if (checked.doc) return { manifest: loaded(checked.doc), diagnostics: checked.diagnostics };
  if (!checked.partial) return { diagnostics: checked.diagnostics };
  return {
    partial: { manifest: loaded(checked.partial.doc), skipVideos: checked.partial.skipVideos },
    diagnostics: checked.diagnostics,
  };
}

export interface LoadResult {
  /** The manifest, when it has no error. */
  manifest?: LoadedManifest;
  /** With errors inside some videos only: the rest, to be checked further (see PartialManifest). */
  partial?: { manifest: LoadedManifest; skipVideos: ReadonlySet<number> };
  diagnostics: Diagnostic[];
}

/**
 * Size is checked on the open file, before a byte is read or parsed; the read itself is bounded too, so a file
 * growing in between (or a device such as /dev/zero) can never make us read more than the cap.
 */
async function readManifestFile(absolute: string, file: string, maxBytes: number): Promise<ReadResult> {
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (the check below then refuses it).
    handle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (info.isDirectory()) return refuse(file, "is a directory, not a manifest file");
    if (!info.isFile()) return refuse(file, "is not a regular file");
    if (info.size > maxBytes) return tooLarge(file, info.size, maxBytes);
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes + 1, 0);
    if (bytesRead > maxBytes) return tooLarge(file, bytesRead, maxBytes);
    return { ok: true, text: buffer.subarray(0, bytesRead).toString("utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(
      file,
      code === "ENOENT"
        ? "does not exist"
        : code === "EISDIR"
          ? "is a directory, not a manifest file"
          : `cannot be read (${code ?? String(error)})`,
    );
  } finally {
    await handle?.close();
  }
}

function tooLarge(file: string, size: number, maxBytes: number): ReadResult {
  return refuse(
    file,
    `is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for a manifest`,
    "put bulk data in a rows file (CSV/JSON/YAML) next to the manifest",
  );
}

function refuse(file: string, message: string, suggestion?: string): ReadResult {
  return {
    ok: false,
    diagnostic: {
      severity: "error",
      file,
      message: `manifest ${file} ${message}`,
      ...(suggestion ? { suggestion } : {}),
    },
  };
}
