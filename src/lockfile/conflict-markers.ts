// A lockfile that still holds git's conflict markers -> the two versions it interleaves. Both the merge
// style (<<<<<<< ours ======= theirs >>>>>>>) and diff3 (with a ||||||| base section) are read; text
// outside the markers belongs to both sides. Lockfile lines never start with these characters (reelform
// indents every line but the braces), so a marker line cannot be mistaken for content.

export interface ConflictSides {
  ours: string;
  theirs: string;
  /** Conflicted regions found. */
  regions: number;
}

const START = /^<{7}(?: |$)/;
const BASE = /^\|{7}(?: |$)/;
const MIDDLE = /^={7}$/;
const END = /^>{7}(?: |$)/;
const ANY_MARKER = /^(?:<{7}|>{7})(?: |\r?$)/m;

/** True when the text has a start or end marker line (cheap: only called once JSON.parse has failed). */
export function hasConflictMarkers(text: string): boolean {
  return ANY_MARKER.test(text);
}

/** null when the markers are not well formed (a start without its end, a stray separator …). */
export function splitConflictSides(text: string): ConflictSides | null {
  const ours: string[] = [];
  const theirs: string[] = [];
  let state: "both" | "ours" | "base" | "theirs" = "both";
  let regions = 0;
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const next = transition(state, line);
    if (next === "invalid") return null;
    if (next !== null) {
      if (next === "ours") regions += 1;
      state = next;
      continue;
    }
    if (state === "both" || state === "ours") ours.push(raw);
    if (state === "both" || state === "theirs") theirs.push(raw);
  }
  return state === "both" && regions > 0 ? { ours: ours.join("\n"), theirs: theirs.join("\n"), regions } : null;
}

type State = "both" | "ours" | "base" | "theirs";

/** The state a marker line moves to; null for a content line; "invalid" for a marker out of place. */
function transition(state: State, line: string): State | null | "invalid" {
  if (START.test(line)) return state === "both" ? "ours" : "invalid";
  if (BASE.test(line)) return state === "ours" ? "base" : "invalid";
  if (MIDDLE.test(line)) return state === "ours" || state === "base" ? "theirs" : "invalid";
  if (END.test(line)) return state === "theirs" ? "both" : "invalid";
  return null;
}
