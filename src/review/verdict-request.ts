// A verdict posted by the served page, checked before it reaches the review file: only the current
// generation of a key in the campaign can be judged; the server sets the time and the TaskId.
import type { ReviewCell } from "./data.js";
import { VerdictRefusal } from "./server.js";
import type { Verdict } from "./verdicts.js";

const MAX_NOTE = 2000;
const MAX_NAME = 200;

export interface VerdictChange {
  target: { key: string; generation: number };
  verdict: Verdict | null;
}

export function readVerdictRequest(body: unknown, cells: ReadonlyMap<string, ReviewCell>, now: Date): VerdictChange {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const cell = typeof b.key === "string" ? cells.get(b.key) : undefined;
  if (!cell) throw new VerdictRefusal("unknown key");
  if (b.generation !== cell.generation || cell.generation < 1)
    throw new VerdictRefusal(`only the current generation (${cell.generation}) of ${cell.key} can be judged`);
  if (b.verdict !== "approved" && b.verdict !== "rejected" && b.verdict !== null)
    throw new VerdictRefusal("verdict must be approved, rejected or null");
  const note = text(b.note, "note", MAX_NOTE);
  const by = text(b.by, "by", MAX_NAME);
  const target = { key: cell.key, generation: cell.generation };
  if (b.verdict === null) return { target, verdict: null };
  if (!cell.media) throw new VerdictRefusal(unseenReason(cell.key, cell.generation));
  if (!by) throw new VerdictRefusal("a reviewer name is required: enter yours in the page's Reviewer box");
  const verdict: Verdict = { ...target, verdict: b.verdict, at: now.toISOString() };
  if (note) verdict.note = note;
  if (by) verdict.by = by;
  if (cell.task_id) verdict.task_id = cell.task_id;
  return { target, verdict };
}

/** Why a generation cannot be judged: nobody could have watched it. */
export function unseenReason(key: string, generation: number): string {
  return `${key} generation ${generation} has no playable video (not pulled, and no unexpired URL): nobody can have seen it, so it cannot be approved or rejected; pull it first`;
}

function text(value: unknown, name: string, max: number): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string" || value.length > max)
    throw new VerdictRefusal(`${name} must be text of at most ${max} characters`);
  return value.trim();
}
