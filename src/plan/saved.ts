// CONTRACT STUB (skeleton): the plan work replaces the body; the signature is the contract.
import type { InputFile } from "../expand/types.js";
import type { Plan } from "./types.js";

export interface SavedPlan {
  format_version: 1;
  reelform_version: string;
  created_at: string;
  /** Manifest, data files, price/model files, and the lockfile (sha256 "absent" when there was none). */
  inputs: InputFile[];
  lockfile: { path: string; sha256: string | "absent" };
  plan: Plan;
}

/** Reads a saved plan and refuses it (UserError naming each changed input) when anything changed since. */
export async function loadSavedPlan(_path: string, _cwd: string): Promise<SavedPlan> {
  throw new Error("loadSavedPlan: not implemented yet");
}
