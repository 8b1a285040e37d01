// --target / --exclude / --replace: globs on request keys (picomatch). `*` also crosses "/" (bash mode),
// because keys are names, not paths. A malformed pattern is a user error; one matching nothing, a warning.
import picomatch from "picomatch";
import { UserError } from "../errors.js";

interface Pattern {
  flag: string;
  source: string;
  test: (key: string) => boolean;
  matched: boolean;
}

export interface KeySelection {
  /** In the plan at all: matches a --target (when any) and no --exclude. */
  includes(key: string): boolean;
  /** Matches a --replace pattern. */
  forcesReplace(key: string): boolean;
  /** One warning per pattern that matched no key. */
  unmatched(): string[];
}

export function compileSelection(options: { target?: string[]; exclude?: string[]; replace?: string[] }): KeySelection {
  const target = (options.target ?? []).map((p) => compilePattern("--target", p));
  const exclude = (options.exclude ?? []).map((p) => compilePattern("--exclude", p));
  const replace = (options.replace ?? []).map((p) => compilePattern("--replace", p));
  return {
    includes: (key) => (target.length === 0 || anyMatch(target, key)) && !anyMatch(exclude, key),
    forcesReplace: (key) => anyMatch(replace, key),
    unmatched: () => [...target, ...exclude, ...replace].filter((p) => !p.matched).map((p) => `${p.flag} "${p.source}" matches no key in the manifest or the lockfile`),
  };
}

function compilePattern(flag: string, source: string): Pattern {
  try {
    const test = picomatch(source, { bash: true, dot: true, strictBrackets: true });
    return { flag, source, test, matched: false };
  } catch (error) {
    throw new UserError(`${flag} "${source}" is not a valid pattern: ${(error as Error).message}`);
  }
}

/** Evaluates every pattern (not just until the first hit) so that unmatched() is exact. */
function anyMatch(patterns: Pattern[], key: string): boolean {
  let hit = false;
  for (const p of patterns) {
    if (p.test(key)) {
      p.matched = true;
      hit = true;
    }
  }
  return hit;
}
