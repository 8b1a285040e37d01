// CONTRACT STUB (skeleton): the plan work replaces the body; the signature is the contract.
import type { ExpandedManifest } from "../expand/types.js";
import type { Lockfile } from "../lockfile/types.js";
import type { Plan } from "./types.js";

export interface DiffOptions {
  /** Globs on keys: only these (default all). */
  target?: string[];
  exclude?: string[];
  /** Globs on keys: force a new generation. */
  replace?: string[];
  /** New generation for failed / rejected entries. */
  retryFailed?: boolean;
  allowCampaignMismatch?: boolean;
}

/** Desired set against recorded set, by key and body hash. Pure: no I/O, no clock. */
export function diffAgainstLockfile(_expanded: ExpandedManifest, _lockfile: Lockfile | null, _options: DiffOptions): Plan {
  throw new Error("diffAgainstLockfile: not implemented yet");
}
