// Request keys: the rendered `name` (+ "#n" for takes), or the video id + the combination's variables.
// Never a position, so reordering the YAML changes nothing. Unique within a campaign.
import type { SourceLocation } from "../diagnostics.js";
import { describeVars } from "./sources.js";
import { keyedRecord } from "../util/objects.js";

const MAX_KEY_LENGTH = 200;

/** `intro[lang=fr,size=16:9]`, or the id alone when the video has no variables of its own. */
export function keyFromId(id: string, comboVars: Readonly<Record<string, unknown>>): string {
  const vars = describeVars(comboVars);
  return vars ? `${id}[${vars}]` : id;
}

export function withTake(base: string, take: number, takes: number): string {
  return takes > 1 ? `${base}#${take}` : base;
}

/** Why this key cannot be used, or undefined. */
export function keyProblem(key: string): string | undefined {
  if (key.trim() === "") return "the key is empty";
  if (key.includes("/")) return `the key "${key}" contains "/"`;
  if (/[\u0000-\u001f\u007f]/.test(key)) return `the key ${JSON.stringify(key)} contains control characters`;
  if (key.length > MAX_KEY_LENGTH)
    return `the key "${key.slice(0, 40)}…" is ${key.length} characters long (at most ${MAX_KEY_LENGTH})`;
  return undefined;
}

/** What a clash message needs of a request (an expansion is one: no extra object per request). */
export interface KeyOrigin {
  key: string;
  video: string;
  /** The combination's variables (described only when a clash is reported). */
  vars: Readonly<Record<string, unknown>>;
  origin: SourceLocation;
}

export function describeOrigin(origin: KeyOrigin): string {
  const vars = describeVars(origin.vars);
  return `video "${origin.video}"${vars ? ` [${vars}]` : ""} (line ${origin.origin.line})`;
}

/** Remembers each key's origin; a second claim returns the first origin. */
export class KeyRegistry {
  // A prototype-free record rather than a Map: a property key is internalized once here, and the diff's
  // 500,000 lookups of the same keys in the lockfile's entries (whose keys JSON.parse internalized) then find
  // them without hashing and comparing the text again (bench/README.md, "plan's CPU").
  private readonly seen = keyedRecord<KeyOrigin>();

  claim(key: string, origin: KeyOrigin): KeyOrigin | undefined {
    // One lookup per request: set only when absent.
    const first = this.seen[key];
    if (first) return first;
    this.seen[key] = origin;
    return undefined;
  }

  has(key: string): boolean {
    return this.seen[key] !== undefined;
  }

  /** What to remember of a claimed key's origin from now on (a smaller object than the one that claimed it). */
  keep(key: string, origin: KeyOrigin): void {
    this.seen[key] = origin;
  }
}
