// DescribeTaskDetail -> TaskRecord. Tolerant by design (docs/api.md marks the query route "inferred"):
// missing fields are left out, unknown status strings become state "unknown" with the API's word kept.
import type { TaskOutput, TaskRecord, TaskState } from "../lockfile/types.js";
import { asLoose, nonNegativeNumber, readOutputs, str } from "./outputs.js";
import { isTransientTaskError } from "./task-errors.js";

export { isTransientTaskError } from "./task-errors.js";

type Loose = Record<string, unknown>;
export type InterpretedTask = Omit<TaskRecord, "checked_at">;

/** Reads `{"Response": {...}}` (or the inner object itself) into reelform's view of the task. */
export function interpretTaskDetail(body: unknown): InterpretedTask {
  const response = asLoose(asLoose(body)?.Response) ?? asLoose(body) ?? {};
  const task = asLoose(response.AigcVideoTask) ?? {};
  const apiStatus = str(response.Status) ?? str(task.Status) ?? "";
  const output = asLoose(task.Output);
  const { outputs, others } = readOutputs(output?.FileInfos);
  const record: InterpretedTask = { state: "unknown", api_status: apiStatus, outputs };
  if (others.length > 0) record.other_outputs = others;
  assignDefined(record, {
    progress: clampPercent(num(task.Progress)),
    create_time: str(response.CreateTime) ?? str(task.CreateTime),
    begin_process_time: str(response.BeginProcessTime) ?? str(task.BeginProcessTime),
    finish_time: str(response.FinishTime) ?? str(task.FinishTime),
    // The video's MediaMetaData.Duration, as the media route reads it (one field for both routes); an answer
    // without MetaData falls back to Usage.OutputSeconds.
    output_seconds: outputs[0]?.duration ?? nonNegativeNumber(asLoose(output?.Usage)?.OutputSeconds),
  });
  const error = readError(task, response);
  record.state = decideState(apiStatus.toUpperCase(), error, outputs);
  if (record.state === "failed") record.error = failureOf(error);
  return record;
}

interface RawError {
  errCode: number;
  errCodeExt: string;
  message: string;
}

function decideState(status: string, error: RawError, outputs: TaskOutput[]): TaskState {
  if (status === "WAITING") return "waiting";
  if (status === "PROCESSING") return "processing";
  if (status === "ABORTED") return "failed";
  if (status !== "FINISH") return "unknown";
  // FINISH only means "ended": success needs no error and at least one file URL. A clean FINISH without one
  // is its own state: the task was billed, and a new attempt would be billed again for the same result.
  const clean = error.errCode === 0 && error.errCodeExt === "";
  if (!clean) return "failed";
  return outputs.length > 0 ? "succeeded" : "no_output";
}

function failureOf(error: RawError): NonNullable<TaskRecord["error"]> {
  const message = error.message || "the task was aborted";
  return {
    err_code: error.errCode,
    err_code_ext: error.errCodeExt,
    message,
    transient: isTransientTaskError(error.errCodeExt),
  };
}

function readError(task: Loose, response: Loose): RawError {
  const errCode = Math.trunc(num(task.ErrCode) ?? num(response.ErrCode) ?? 0);
  const errCodeExt = str(task.ErrCodeExt) ?? str(response.ErrCodeExt) ?? "";
  const message = str(task.Message) ?? str(response.Message) ?? "";
  return { errCode, errCodeExt, message };
}

function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) (target as Loose)[k] = v;
}

function num(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** The lockfile schema keeps progress within 0..100 whatever the API sends. */
function clampPercent(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.min(100, Math.max(0, value));
}
