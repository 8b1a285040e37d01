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

describe("status summary past a screenful (issue 24)", () => {
  it("lists the videos whose content check failed, with their CHECKS, besides the failures", () => {
    const entries: Record<string, ReturnType<typeof entry>> = {};
    const checked = (outcome: "passed" | "failed", sha256 = "f".repeat(64)) => ({
      sha256,
      results: [{ check: "duration", outcome, measured: "10s", asked: "5s ± 0.5s", tool: "mediabunny" }],
    });
    for (let i = 0; i < 60; i++) {
      const done = task("succeeded", `https://files.example.com/${i}.mp4`);
      done.outputs[0] = { url: `https://files.example.com/${i}.mp4`, sha256: "f".repeat(64) };
      entries[`v-${String(i).padStart(2, "0")}`] = entry(`t${i}`, {
        task:
          i === 7
            ? { ...task("failed"), error: { err_code: 1, err_code_ext: "", message: "boom", transient: false } }
            : done,
        ...(i === 3 || i === 41 ? { checks: checked("failed") } : i % 2 === 0 ? { checks: checked("passed") } : {}),
        // Results for another file than the one recorded now no longer count.
        ...(i === 9 ? { checks: checked("failed", "0".repeat(64)) } : {}),
      });
    }
    const text = renderStatusTable(lockfileWith(entries), [], "m.yaml", Date.parse("2026-11-24T10:00:00Z"));
    expect(text).toContain("60 entries, more than a screenful: counts by state and the failures and the failed checks");
    expect(text).toMatch(/^Failures:\nKEY +STATE +PROGRESS +OUTPUTS \/ ERROR\nv-07 +failed /m);
    expect(text).toMatch(
      /^Videos with a failed check \(2\):\nKEY +STATE +PROGRESS +CHECKS +OUTPUTS \/ ERROR\nv-03 +succeeded +100% +failed \(duration\) +https:\/\/files\.example\.com\/3\.mp4\nv-41 +succeeded +100% +failed \(duration\) /m,
    );
    expect(text).toContain("(replace them: reelform apply m.yaml --replace-failed-checks)");
    expect(text).not.toMatch(/^v-09 /m);
  });

  it("says nothing of checks when none failed", () => {
    const entries: Record<string, ReturnType<typeof entry>> = {};
    for (let i = 0; i < 60; i++) entries[`v-${i}`] = entry(`t${i}`, { task: task("succeeded", "https://f/x.mp4") });
    const text = renderStatusTable(lockfileWith(entries), [], "m.yaml", Date.parse("2026-11-24T10:00:00Z"));
    expect(text).toContain("60 entries, more than a screenful: counts by state (every row");
    expect(text).not.toContain("failed check");
  });
});
