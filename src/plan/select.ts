// --target / --exclude / --replace: globs on request keys (picomatch). `*` also crosses "/" (bash mode),
// because keys are names, not paths. A malformed pattern is a user error; one matching nothing, a warning,
// and so is a --target or --replace whose every key another flag leaves out (it has no effect).
import picomatch from "picomatch";
import { UserError } from "../errors.js";

interface Pattern {
  flag: string;
  source: string;
  test: (key: string) => boolean;
  /** Keys it matched, whether or not they ended up in the plan (the first few, for messages). */
  matched: string[];
  /** It matched a key that is in the plan (for --replace: one it can replace, not an orphan). */
  effective: boolean;
  /** It matched an orphan that is in the plan (--replace does nothing to those). */
  orphans: boolean;
  /** It matched a key that --target/--exclude leave out. */
  leftOut: boolean;
}

export interface KeySelection {
  /** In the plan at all: matches a --target (when any) and no --exclude. Call it for every key considered. */
  includes(key: string, kind?: "request" | "orphan"): boolean;
  /** Matches a --replace pattern. */
  forcesReplace(key: string): boolean;
  /** One warning per pattern that matched no key, or only keys the other flags leave out. */
  unmatched(): string[];
}

export function compileSelection(options: { target?: string[]; exclude?: string[]; replace?: string[] }): KeySelection {
  const target = (options.target ?? []).map((p) => compilePattern("--target", p));
  const exclude = (options.exclude ?? []).map((p) => compilePattern("--exclude", p));
  const replace = (options.replace ?? []).map((p) => compilePattern("--replace", p));
  const everything = target.length === 0 && exclude.length === 0 && replace.length === 0;
  return {
    includes: (key, kind = "request") => {
      if (everything) return true; // no pattern to test or to note a match on
      // Every pattern sees every key (no short-circuit), so the warnings below are exact.
      const targeted = target.length === 0 || matchAll(target, key, false);
      const excluded = matchAll(exclude, key, true);
      const inPlan = targeted && !excluded;
      for (const p of target) if (p.test(key)) noteMatch(p, key, inPlan);
      for (const p of replace)
        if (p.test(key)) noteMatch(p, key, inPlan && kind === "request", inPlan && kind === "orphan");
      return inPlan;
    },
    forcesReplace: (key) => replace.some((p) => p.test(key)),
    unmatched: () => {
      const leftOutBy = { "--target": "--exclude", "--exclude": "", "--replace": leavingFlags(target, exclude) };
      return [...target, ...exclude, ...replace]
        .map((p) => warningFor(p, leftOutBy[p.flag as keyof typeof leftOutBy]))
        .filter((w): w is string => w !== undefined);
    },
  };
}

function leavingFlags(target: Pattern[], exclude: Pattern[]): string {
  if (target.length > 0 && exclude.length > 0) return "--target and --exclude";
  return target.length > 0 ? "--target" : "--exclude";
}

function warningFor(p: Pattern, leftOutBy: string): string | undefined {
  if (p.matched.length === 0) return `${p.flag} "${p.source}" matches no key in the manifest or the lockfile`;
  if (p.effective) return undefined;
  const keys = p.matched.slice(0, 3).join(", ") + (p.matched.length > 3 ? ", …" : "");
  const leftOut = `that ${leftOutBy} leave${leftOutBy.includes(" and ") ? "" : "s"} out of the plan`;
  const orphans = "no longer in the manifest (they are retired, never replaced)";
  const why = p.orphans && p.leftOut ? `${leftOut} or ${orphans}` : p.orphans ? orphans : leftOut;
  return `${p.flag} "${p.source}" matches only keys ${why} (${keys}): it has no effect`;
}

function compilePattern(flag: string, source: string): Pattern {
  try {
    const test = picomatch(source, { bash: true, dot: true, strictBrackets: true });
    return { flag, source, test, matched: [], effective: false, orphans: false, leftOut: false };
  } catch (error) {
    throw new UserError(`${flag} "${source}" is not a valid pattern: ${(error as Error).message}`);
  }
}

/** Whether any pattern matches; records the match on each (an --exclude match is always effective). */
function matchAll(patterns: Pattern[], key: string, effective: boolean): boolean {
  let hit = false;
  for (const p of patterns) {
    if (!p.test(key)) continue;
    if (effective) noteMatch(p, key, true);
    hit = true;
  }
  return hit;
}

function noteMatch(p: Pattern, key: string, inPlan: boolean, orphan = false): void {
  if (p.matched.length < 4) p.matched.push(key);
  if (inPlan) p.effective = true;
  if (orphan) p.orphans = true;
  if (!inPlan && !orphan) p.leftOut = true;
}
