// Reading the check results a generation carries: they count only for the file they ran on.
import type { CheckResultRecord, EarlierGeneration, LockEntry } from "./types.js";

/** The results that hold for this generation's recorded file, or undefined (never checked, or the file changed since). */
export function currentChecks(generation: EarlierGeneration | LockEntry): CheckResultRecord[] | undefined {
  const checks = generation.checks;
  if (!checks) return undefined;
  const recorded = generation.task?.outputs[0]?.sha256;
  return recorded === undefined || recorded === checks.sha256 ? checks.results : undefined;
}

/** The failed results of this generation's file (empty when none failed, or never checked). */
export function failedChecks(generation: EarlierGeneration | LockEntry): CheckResultRecord[] {
  return (currentChecks(generation) ?? []).filter((r) => r.outcome === "failed");
}

/** "ok", "failed (aspect_ratio, duration)", "not run (black_frames)", or "not checked": one word for tables. */
export function checksSummary(generation: EarlierGeneration | LockEntry): string {
  const results = currentChecks(generation);
  if (!results) return "not checked";
  const failed = results.filter((r) => r.outcome === "failed").map((r) => r.check);
  if (failed.length > 0) return `failed (${failed.join(", ")})`;
  const notRun = results.filter((r) => r.outcome === "not_run").map((r) => r.check);
  return notRun.length > 0 ? `ok, not run (${notRun.join(", ")})` : "ok";
}

/** "aspect_ratio failed: got 16:9, asked 9:16": one failed result for a plan line or a terminal. */
export function describeFailedCheck(result: CheckResultRecord): string {
  const got = result.measured !== undefined ? `got ${result.measured}` : "";
  const asked = result.asked !== undefined ? `asked ${result.asked}` : "";
  return `${result.check} failed${got || asked ? `: ${[got, asked].filter(Boolean).join(", ")}` : ""}`;
}
