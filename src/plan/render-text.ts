// CONTRACT STUB (skeleton): the plan work replaces the body; the signature is the contract.
import type { Plan } from "./types.js";

/** Human plan: one line per change, unchanged grouped into a count unless verbose; summary last. */
export function renderPlanText(_plan: Plan, _options: { color: boolean; verbose?: boolean }): string {
  throw new Error("renderPlanText: not implemented yet");
}
