// The shape of a translated schema problem, shared by the translator (schema-errors.ts) and the message
// builder it calls (schema-messages.ts), so the builder does not import its caller.
import type { DocPath } from "./doc-path.js";

/** A schema problem before it gets a source position. */
export interface SchemaProblem {
  path: DocPath;
  /** Point at the key (unknown or forbidden keys) rather than the value. */
  atKey: boolean;
  message: string;
  suggestion?: string;
  /** A required field that is absent (for "required" errors). */
  missingField?: string;
  /** The known key an unknown key is probably a misspelling of. */
  closeTo?: string;
}

/** Reads the source text of a scalar (for quoting hints): "2.0" for `model_version: 2.0`. */
export type SourceText = (path: DocPath) => string | undefined;
