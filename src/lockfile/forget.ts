// `reelform state rm`: which recorded entries a list of key patterns names, what each keeps (so the user
// sees exactly what is forgotten), and the lockfile without them. Pure.
import picomatch from "picomatch";
import { UserError } from "../errors.js";
import { sortByCodePoints } from "./json-text.js";
import type { EarlierGeneration, LockEntry, Lockfile } from "./types.js";

export interface ForgetSelection {
  /** Keys to forget, in code-point order. */
  keys: string[];
  /** Patterns that matched no recorded key. */
  unmatched: string[];
}

/** Globs as --target takes them (`*`, `?`, `[…]`, `{a,b}`); a pattern without glob characters is an exact key. */
export function selectForgotten(lockfile: Lockfile, patterns: readonly string[]): ForgetSelection {
  const keys = new Set<string>();
  const unmatched: string[] = [];
  const recorded = Object.keys(lockfile.entries);
  for (const pattern of patterns) {
    const test = compile(pattern);
    const matched = recorded.filter((key) => key === pattern || test(key));
    if (matched.length === 0) unmatched.push(pattern);
    for (const key of matched) keys.add(key);
  }
  const sorted = [...keys];
  sortByCodePoints(sorted, (k) => k);
  return { keys: sorted, unmatched };
}

function compile(pattern: string): (key: string) => boolean {
  try {
    return picomatch(pattern, { bash: true, dot: true, strictBrackets: true });
  } catch (error) {
    throw new UserError(`invalid key pattern "${pattern}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One line per forgotten entry: retired or current, and every generation's TaskId (or how it ended). */
export function describeForgotten(key: string, entry: LockEntry): string {
  const status =
    entry.retired_at !== undefined
      ? `retired since ${entry.retired_at}`
      : "current (not retired: a manifest that still has it creates it again on the next apply, and pays again)";
  const generations = [...(entry.earlier ?? []), entry].map(describeGeneration).join("; ");
  return `${key}  ${status}; ${generations}`;
}

function describeGeneration(g: EarlierGeneration): string {
  const what = g.task_id ? `TaskId ${g.task_id}` : g.submission.replace("_", " ");
  return `generation ${g.generation}: ${what}${g.task ? ` (${g.task.state})` : ""}`;
}

/** Removes `keys` from the lockfile (in place, as a store update does); returns the keys that were there. */
export function forgetEntries(lockfile: Lockfile, keys: readonly string[]): string[] {
  const forgotten = keys.filter((key) => Object.hasOwn(lockfile.entries, key));
  for (const key of forgotten) delete lockfile.entries[key];
  return forgotten;
}
