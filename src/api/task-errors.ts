// The classification of a failed task's ErrCodeExt (AigcVideoTask.ErrCodeExt, SDK 4.1.313: its 13 values):
// worth a new attempt (transient) or not. Sub-codes of a transient kind count as transient too
// (RequestLimitExceeded.X); FailedOperation alone is the generic backlog, FailedOperation.X a specific
// refusal. `npm run refresh-models` diffs the SDK's enum against these lists.
export const TASK_ERROR_CODES = {
  transient: ["RequestLimitExceeded", "FailedOperation", "InternalError", "ResourceInsufficient", "TaskTimeout"],
  not_transient: [
    "InvalidParameter.VoilationContent",
    "InvalidParameterValue",
    "InvalidParameter",
    "InvalidParameter.MediaFormat",
    "ContentModerationFailed",
    "ModelGenerateFailed",
    "ResourceNotFound",
    "OperationCanceled",
  ],
} as const;

/** Kinds whose sub-codes are transient too. */
const TRANSIENT_KINDS: readonly string[] = TASK_ERROR_CODES.transient.filter((code) => code !== "FailedOperation");

export function isTransientTaskError(errCodeExt: string): boolean {
  if (errCodeExt === "FailedOperation") return true; // generic backlog; FailedOperation.X names a specific refusal
  return TRANSIENT_KINDS.some((kind) => errCodeExt === kind || errCodeExt.startsWith(`${kind}.`));
}
