import { describe, expect, it } from "vitest";
import { interpretTaskDetail, isTransientTaskError } from "../../src/api/interpret.js";
import { detail, finished } from "./helpers/fakes.js";

describe("reading DescribeTaskDetail", () => {
  it("a clean FINISH with a file URL is a success, with every output field kept", () => {
    const task = interpretTaskDetail(finished());
    expect(task).toMatchObject({ state: "succeeded", api_status: "FINISH", progress: 100, output_seconds: 5 });
    expect(task.outputs).toEqual([
      {
        url: "https://files.example.com/v/out.mp4",
        expires_at: "2026-12-01T00:00:00Z",
        storage_mode: "Temporary",
        file_type: "mp4",
      },
    ]);
    expect(task.error).toBeUndefined();
  });

  it("FINISH with an error code is a failure that keeps ErrCode, ErrCodeExt and Message", () => {
    const task = interpretTaskDetail(
      detail("FINISH", { ErrCode: 70000, ErrCodeExt: "ContentModerationFailed", Message: "blocked" }),
    );
    expect(task.state).toBe("failed");
    expect(task.error).toEqual({
      err_code: 70000,
      err_code_ext: "ContentModerationFailed",
      message: "blocked",
      transient: false,
    });
  });

  it("a clean FINISH without any FileUrl is no_output, not a failure worth retrying", () => {
    const task = interpretTaskDetail(
      detail("FINISH", { ErrCode: 0, ErrCodeExt: "", Output: { FileInfos: [{ FileType: "mp4" }] } }),
    );
    expect(task.state).toBe("no_output");
    expect(task.error).toBeUndefined();
    expect(task.other_outputs).toEqual([{ file_type: "mp4" }]);
  });

  it("ABORTED is a failure; TaskTimeout is flagged transient", () => {
    const task = interpretTaskDetail(
      detail("ABORTED", { ErrCode: 1, ErrCodeExt: "TaskTimeout", Message: "took too long" }),
    );
    expect(task).toMatchObject({ state: "failed", error: { err_code_ext: "TaskTimeout", transient: true } });
  });

  it("WAITING and PROCESSING are in progress", () => {
    expect(interpretTaskDetail(detail("WAITING")).state).toBe("waiting");
    expect(interpretTaskDetail(detail("PROCESSING", { Progress: "40" }))).toMatchObject({
      state: "processing",
      progress: 40,
    });
  });

  it("an unknown status string is kept as api_status with state unknown", () => {
    expect(interpretTaskDetail(detail("PAUSED"))).toMatchObject({
      state: "unknown",
      api_status: "PAUSED",
      outputs: [],
    });
  });

  it("a body with nothing in it is unknown, not a crash", () => {
    expect(interpretTaskDetail({})).toEqual({ state: "unknown", api_status: "", outputs: [] });
    expect(interpretTaskDetail(null)).toEqual({ state: "unknown", api_status: "", outputs: [] });
    expect(interpretTaskDetail({ Response: { Status: "FINISH" } }).state).toBe("no_output");
  });

  it("keeps numbers within what the lockfile schema accepts", () => {
    const task = interpretTaskDetail(
      detail("PROCESSING", { Progress: 140, ErrCode: "3.7", Output: { Usage: { OutputSeconds: -1 } } }),
    );
    expect(task.progress).toBe(100);
    expect(task.output_seconds).toBeUndefined();
    expect(interpretTaskDetail(detail("ABORTED", { ErrCode: "3.7" })).error?.err_code).toBe(3);
  });

  it("classifies failure kinds as docs/api.md lists them", () => {
    for (const kind of [
      "RequestLimitExceeded",
      "FailedOperation",
      "ResourceInsufficient",
      "InternalError",
      "TaskTimeout",
      "RequestLimitExceeded.Burst",
    ]) {
      expect(isTransientTaskError(kind), kind).toBe(true);
    }
    for (const kind of [
      "InvalidParameter",
      "InvalidParameter.VoilationContent",
      "ContentModerationFailed",
      "ModelGenerateFailed",
      "OperationCanceled",
      "FailedOperation.InvalidVodUser",
      "",
    ]) {
      expect(isTransientTaskError(kind), kind).toBe(false);
    }
  });
});
