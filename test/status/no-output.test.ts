// status reads every output kind of AigcVideoTaskOutput (SDK 4.1.313): files with a FileUrl (any UsageType),
// and outputs with only FileContent / FileId / UsageType. A clean FINISH with no downloadable file is its own
// state, no_output, with a plain message: never "failed, worth retrying", which would invite a paid re-run.
import { describe, expect, it } from "vitest";
import { parseLockfileText } from "../../src/lockfile/validate.js";
import { diffAgainstLockfile } from "../../src/plan/diff.js";
import { renderStatusTable } from "../../src/report/status-table.js";
import { interpretTaskDetail } from "../../src/api/interpret.js";
import { body, expanded, lockfile, recorded, request } from "../plan/fixtures.js";
import { detail } from "./helpers/fakes.js";

const sceneOnly = detail("FINISH", {
  ErrCode: 0,
  ErrCodeExt: "",
  Progress: 100,
  Output: {
    FileInfos: [
      { UsageType: "position_info", FileContent: '{"x":1}' },
      { UsageType: "mesh_url", FileId: "3704" },
    ],
    Usage: { OutputSeconds: 0 },
  },
});

describe("a finished task without a downloadable file", () => {
  it("is no_output, with the other outputs kept and no error", () => {
    const task = interpretTaskDetail(sceneOnly);
    expect(task).toMatchObject({
      state: "no_output",
      outputs: [],
      other_outputs: [
        { usage_type: "position_info", content: '{"x":1}' },
        { usage_type: "mesh_url", file_id: "3704" },
      ],
    });
    expect(task.error).toBeUndefined();
  });

  it("files of any UsageType with a FileUrl are downloadable outputs", () => {
    const task = interpretTaskDetail(
      detail("FINISH", {
        ErrCode: 0,
        ErrCodeExt: "",
        Output: {
          FileInfos: [
            { UsageType: "scene_url", FileUrl: "https://files.example.com/scene.glb" },
            { UsageType: "position_info", FileContent: "{}" },
          ],
        },
      }),
    );
    expect(task).toMatchObject({
      state: "succeeded",
      outputs: [{ url: "https://files.example.com/scene.glb", usage_type: "scene_url" }],
      other_outputs: [{ usage_type: "position_info", content: "{}" }],
    });
  });

  const task = { ...interpretTaskDetail(sceneOnly), checked_at: "2026-05-02T09:00:00Z" };
  const lock = lockfile({ scene: recorded("scene", body("a room")) });
  lock.entries.scene = { ...lock.entries.scene!, task };

  it("status says so plainly, and does not call it worth retrying", () => {
    const table = renderStatusTable(lock, [], "m.yaml", Date.parse("2026-05-02T10:00:00Z"));
    expect(table).toMatch(
      /scene\s+no_output\s+100%\s+finished without a downloadable file \(it returned position_info, mesh_url only\)/,
    );
    expect(table).not.toMatch(/retry/i);
  });

  it("plan keeps it (not a failure, not resubmitted by --retry-failed) and says how to ask for a new generation", () => {
    const plan = diffAgainstLockfile(expanded([request("scene", body("a room"))]), lock, { retryFailed: true });
    expect(plan.entries[0]).toMatchObject({
      mark: "unchanged",
      action: "none",
      reason: expect.stringContaining("--replace"),
    });
  });

  it("the lockfile schema accepts the state and the other outputs", () => {
    const text = JSON.stringify(lock);
    expect(parseLockfileText(text, "m.lock.json").entries.scene?.task?.state).toBe("no_output");
  });
});
