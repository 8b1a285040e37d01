// Reading a lockfile that a git merge left with conflict markers, as npm does for package-lock.json:
// both sides are parsed and merged (mergeLockfiles), so no TaskId is lost whichever way the conflict arose.
import { DiagnosticsError } from "../errors.js";
import { splitConflictSides } from "./conflict-markers.js";
import { mergeLockfiles } from "./merge.js";
import type { Lockfile } from "./types.js";
import { parseLockfileText } from "./validate.js";

/** The union of both sides, and the warning to show; `markerError` is thrown when the markers are malformed. */
export function resolveConflictedLockfile(
  text: string,
  file: string,
  markerError: DiagnosticsError,
): { lockfile: Lockfile; warning: string } {
  const sides = splitConflictSides(text);
  if (!sides) throw markerError;
  const ours = parseLockfileText(sides.ours, `${file} (our side of the conflict)`);
  const theirs = parseLockfileText(sides.theirs, `${file} (their side of the conflict)`);
  const { lockfile, notes } = mergeLockfiles(ours, theirs, file);
  const warning =
    `${file} holds git conflict markers (${sides.regions} conflicted region(s)): read as the union of both sides, no entry dropped; ` +
    "`reelform apply` writes it resolved (then `git add` it)" +
    notes.map((n) => `\n  ${n}`).join("");
  return { lockfile, warning };
}
