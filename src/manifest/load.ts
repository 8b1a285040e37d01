// CONTRACT STUB (skeleton): the manifest-loading work replaces the body; the signature is the contract.
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { ManifestDoc } from "./types.js";

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
  locate(path: readonly (string | number)[]): SourceLocation;
}

export interface LoadOptions {
  cwd: string;
  /** Refuse manifests larger than this (default 5 MiB). */
  maxBytes?: number;
}

/** Reads, parses (YAML with safety limits), schema-validates. Errors are diagnostics, never throws for user input. */
export async function loadManifest(
  _file: string,
  _options: LoadOptions,
): Promise<{ manifest?: LoadedManifest; diagnostics: Diagnostic[] }> {
  throw new Error("loadManifest: not implemented yet");
}
