// CONTRACT STUB (skeleton): the expansion work replaces the body; the signature is the contract.
import type { ExpandedManifest } from "./types.js";

export interface CompileOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Warnings become errors. */
  strict?: boolean;
  /** Extra model capabilities file (YAML/JSON) extending/overriding the built-in table. */
  modelsFile?: string;
  /** Expansion cap (default 10,000). */
  maxRequests?: number;
}

/**
 * manifest file -> load -> schema -> expand -> API checks -> requests.
 * Throws DiagnosticsError (all findings, with file:line:col) when anything is wrong.
 */
export async function compileManifest(_file: string, _options: CompileOptions): Promise<ExpandedManifest> {
  throw new Error("compileManifest: not implemented yet");
}

/** launch.yaml -> launch.lock.json (next to the manifest). */
export function lockfilePathFor(manifestPath: string): string {
  return manifestPath.replace(/\.(ya?ml|json)$/i, "") + ".lock.json";
}
