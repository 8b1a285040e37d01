// Renames of recorded keys, from the manifest: each video's `renamed_from` (old key template -> the key `name`
// gives for the same combination or row) and the top-level `moved: [{from, to}]`. What can be judged without
// the lockfile is judged here, at file:line:col: chains and cycles, two moves from or to one key, a `to` the
// manifest does not produce, a `from` it still produces. The lockfile's side is judged by the plan.
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { ManifestDoc } from "../manifest/types.js";
import type { Locate } from "./sources.js";

export interface KeyMove {
  from: string;
  to: string;
  /** Where the move is written: the video's renamed_from, or the moved entry. */
  origin: SourceLocation;
}

export interface CollectedMoves {
  moves: KeyMove[];
  diagnostics: Diagnostic[];
}

/** An expansion with a renamed_from, as far as moves look at it. */
interface RenamedRequest {
  key: string;
  renamedFrom?: string;
  /** Its video's index in the manifest. */
  plan: { index: number };
}

/** `renamed`: the expansions with a renamed_from; `produced`: whether the manifest makes a key. */
export function collectMoves(
  doc: Pick<ManifestDoc, "moved">,
  locate: Locate,
  renamed: readonly RenamedRequest[],
  produced: (key: string) => boolean,
): CollectedMoves {
  const written: (KeyMove & { fromAt: SourceLocation; toAt: SourceLocation; renamed: boolean })[] = [];
  for (const r of renamed) {
    if (r.renamedFrom === undefined || r.renamedFrom === r.key) continue;
    const origin = locate(["videos", r.plan.index, "renamed_from"]);
    written.push({ from: r.renamedFrom, to: r.key, origin, fromAt: origin, toAt: origin, renamed: true });
  }
  for (const [i, m] of (doc.moved ?? []).entries()) {
    if (m.from !== m.to)
      written.push({
        from: m.from,
        to: m.to,
        origin: locate(["moved", i]),
        fromAt: locate(["moved", i, "from"]),
        toAt: locate(["moved", i, "to"]),
        renamed: false,
      });
  }
  const tos = new Map(written.map((m) => [m.to, m] as const));
  const candidates: KeyMove[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const m of written) {
    const into = tos.get(m.from);
    if (into)
      diagnostics.push({
        severity: "error",
        ...m.fromAt,
        key: m.from,
        message: `moves may not chain: "${into.from}" -> "${m.from}" -> "${m.to}"${into.from === m.to ? " is a cycle" : ""}`,
        suggestion: `move "${into.from}" straight to its final key, and drop the move from "${m.from}"`,
      });
    else if (!produced(m.to))
      diagnostics.push({
        severity: "error",
        ...m.toAt,
        key: m.to,
        message: `moved: "${m.to}" is not a key of this manifest`,
        suggestion: "`to` must be a key the manifest produces (see `reelform render`)",
      });
    else if (produced(m.from)) diagnostics.push(stillAKey(m, m.fromAt));
    else candidates.push({ from: m.from, to: m.to, origin: m.origin });
  }
  return rejectDuplicates(candidates, diagnostics);
}

function stillAKey(m: KeyMove & { renamed: boolean }, at: SourceLocation): Diagnostic {
  if (m.renamed)
    return {
      severity: "error",
      ...at,
      key: m.to,
      message: `renamed_from gives "${m.from}" for "${m.to}", but "${m.from}" is still a key of this manifest: a move would take its entry away`,
      suggestion: "renamed_from must be the old name template, which no video uses any more",
    };
  return {
    severity: "error",
    ...at,
    key: m.from,
    message: `moved: "${m.from}" is still a key of this manifest: moving its entry to "${m.to}" would leave it to be generated again`,
    suggestion: "remove this move, or the video that still produces the key",
  };
}

/** Two moves from one key, or to one key, are errors (one entry per key). */
function rejectDuplicates(candidates: KeyMove[], diagnostics: Diagnostic[]): CollectedMoves {
  const tos = new Map<string, KeyMove>();
  const froms = new Map<string, KeyMove>();
  for (const m of candidates) {
    if (!tos.has(m.to)) tos.set(m.to, m);
    if (!froms.has(m.from)) froms.set(m.from, m);
  }
  const moves: KeyMove[] = [];
  for (const m of candidates) {
    const sameFrom = froms.get(m.from);
    const sameTo = tos.get(m.to);
    if (sameFrom && sameFrom !== m)
      diagnostics.push({
        severity: "error",
        ...m.origin,
        key: m.from,
        message: `"${m.from}" is moved twice: to "${sameFrom.to}" and to "${m.to}"`,
        suggestion: "a recorded entry can move to one key only",
      });
    else if (sameTo && sameTo !== m)
      diagnostics.push({
        severity: "error",
        ...m.origin,
        key: m.to,
        message: `"${m.to}" is the target of two moves: from "${sameTo.from}" and from "${m.from}"`,
        suggestion: "one entry per key: keep one of the moves",
      });
    else moves.push(m);
  }
  return { moves, diagnostics };
}
