// Renames against the lockfile: which moves take effect (the old key recorded, the new one not), which were
// made already (idempotent: nothing to do), which match nothing (a warning), and which would overwrite an
// entry recorded under the new key (an error at the move's file:line:col). Pure.
import type { Diagnostic } from "../diagnostics.js";
import { DiagnosticsError } from "../errors.js";
import type { KeyMove } from "../expand/moves.js";
import type { LockEntry } from "../lockfile/types.js";
import type { PlanEntry } from "./types.js";

export interface ResolvedMoves {
  /** New key -> old key, for the moves still to make. */
  into: Map<string, string>;
  /** Old keys whose entries move (never shown as orphans). */
  from: Set<string>;
  warnings: string[];
}

export function resolveMoves(moves: readonly KeyMove[], recorded: Readonly<Record<string, LockEntry>>): ResolvedMoves {
  const into = new Map<string, string>();
  const from = new Set<string>();
  const warnings: string[] = [];
  const errors: Diagnostic[] = [];
  for (const m of moves) {
    const old = Object.hasOwn(recorded, m.from) ? recorded[m.from] : undefined;
    const there = Object.hasOwn(recorded, m.to) ? recorded[m.to] : undefined;
    if (!old) {
      if (!there)
        warnings.push(
          `${m.origin.file}:${m.origin.line}:${m.origin.col}: moving "${m.from}" to "${m.to}": the lockfile has no entry "${m.from}" (nothing to move)`,
        );
      continue; // with an entry at `to` only, the move was made already
    }
    if (there && recordsAllOf(there, old)) {
      // Made already on another branch and merged back (the union keeps both keys): nothing to move; the old
      // key, out of the manifest, is retired like any other, so no TaskId is dropped.
      warnings.push(
        `${m.origin.file}:${m.origin.line}:${m.origin.col}: moving "${m.from}" to "${m.to}": made already ("${m.to}" records every generation of "${m.from}", as after merging a branch that applied the move); "${m.from}" is kept as a retired copy (\`reelform state rm\` forgets it)`,
      );
      continue;
    }
    if (there) {
      const what = there.retired_at === undefined ? "the current entry" : "the retired entry";
      errors.push({
        severity: "error",
        ...m.origin,
        key: m.to,
        message: `moving "${m.from}" to "${m.to}" would overwrite ${what} recorded for "${m.to}"${there.task_id ? ` (TaskId ${there.task_id})` : ""}`,
        suggestion:
          there.retired_at === undefined
            ? `remove the move (the two are different videos), or forget one of them first with \`reelform state rm\``
            : `forget the retired "${m.to}" first with \`reelform state rm\` if it is not needed`,
      });
      continue;
    }
    into.set(m.to, m.from);
    from.add(m.from);
  }
  if (errors.length > 0) throw new DiagnosticsError(errors, "a move would overwrite a recorded entry");
  return { into, from, warnings };
}

/**
 * The plan of a moved key, classified against the entry it moves from: with nothing to send it is `→` (the
 * entry is recorded under the new key, nothing is sent); with something to send (a changed request, an
 * in-doubt re-send) its own mark stands and apply moves the entry first.
 */
export function movedEntry(entry: PlanEntry, from: string): PlanEntry {
  const moved = `moved from ${from}`;
  if (entry.action !== "none" && entry.action !== "restore")
    return { ...entry, moved_from: from, reason: entry.reason ? `${moved}; ${entry.reason}` : moved };
  const detail = entry.action === "none" && entry.reason ? `; ${entry.reason}` : "";
  return { ...entry, mark: "moved", action: "move", moved_from: from, reason: `${moved} (nothing is sent)${detail}` };
}

/** Whether `there` (current or earlier) records every generation of `old`, by session_id. */
function recordsAllOf(there: LockEntry, old: LockEntry): boolean {
  const sessions = new Set([there, ...(there.earlier ?? [])].map((g) => g.session_id));
  return [old, ...(old.earlier ?? [])].every((g) => sessions.has(g.session_id));
}
