import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import type { TaskRecord } from "../../src/lockfile/types.js";
import { renderStatusTable } from "../../src/report/status-table.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";

const task = (state: TaskRecord["state"], url?: string): TaskRecord => ({
  state,
  api_status: state === "succeeded" ? "FINISH" : "PROCESSING",
  progress: state === "succeeded" ? 100 : 40,
  checked_at: "2026-11-24T10:00:00Z",
  outputs: url ? [{ url }] : [],
});

describe("status table (issue 16: CJK keys)", () => {
  it("aligns every column by display width when keys are Chinese (2 columns per character)", () => {
    const lockfile = lockfileWith({
      "運動鞋-大理石": entry("t1", { task: task("succeeded", "https://files.example.com/a.mp4") }),
      "hero-sneaker": entry("t2", { task: task("processing") }),
      "café-é": entry("t3", { task: task("processing") }),
    });
    const lines = renderStatusTable(lockfile, [], "m.yaml", Date.parse("2026-11-24T10:00:00Z")).split("\n").slice(0, 4);
    expect(lines[0]).toMatch(/^KEY\s+STATE/);
    // STATE starts at the same terminal column on every row.
    const stateColumn = (line: string, state: string) => stringWidth(line.slice(0, line.indexOf(state)));
    expect(stateColumn(lines[0] ?? "", "STATE")).toBe(stringWidth("運動鞋-大理石") + 2);
    expect(lines.slice(1).map((l) => stateColumn(l, l.includes("succeeded") ? "succeeded" : "processing"))).toEqual([
      15, 15, 15,
    ]);
  });
});
