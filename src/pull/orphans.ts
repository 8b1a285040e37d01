// Files in DIR/<campaign>/ that belong to no generation of any key in the lockfile: left by videos the
// manifest dropped (apply removes their entries), or by generations nobody keeps. Reported by pull;
// removed only with --prune.
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Lockfile } from "../lockfile/types.js";
import { campaignFolder, safeFileName } from "./targets.js";

export interface OrphanedFile {
  path: string;
  removed: boolean;
}

/**
 * A file's name, less a `.part` suffix, an extension and a `~<hash>` tie-breaker, must be `<key>` or
 * `<key>-<n>` (a current generation's output), or `<key>.g<N>` / `<key>-<n>.g<N>` with N an earlier
 * generation the lockfile keeps for that key. Anything else in the folder (files only) is orphaned.
 */
export async function findOrphanedFiles(lockfile: Lockfile, dir: string): Promise<string[]> {
  const folder = campaignFolder(lockfile, dir);
  const known = knownStems(lockfile);
  let names: string[];
  try {
    names = (await readdir(folder, { withFileTypes: true }))
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => e.name);
  } catch {
    return [];
  }
  return names
    .filter((name) => !belongs(name, known))
    .sort()
    .map((name) => join(folder, name));
}

/** The orphaned files, removed first when `prune` (a file that cannot be removed is reported as still there). */
export async function orphanedFiles(
  lockfile: Lockfile,
  dir: string,
  options: { prune: boolean },
): Promise<OrphanedFile[]> {
  const out: OrphanedFile[] = [];
  for (const path of await findOrphanedFiles(lockfile, dir)) {
    out.push({
      path,
      removed:
        options.prune &&
        (await rm(path).then(
          () => true,
          () => false,
        )),
    });
  }
  return out;
}

/**
 * Each key's file-name stem, with the earlier generations kept for it. Keys without any share one empty set
 * (500,000 keys: no 500,000 sets, no entries array, while pull's results are still held).
 */
function knownStems(lockfile: Lockfile): Map<string, ReadonlySet<number>> {
  const stems = new Map<string, ReadonlySet<number>>();
  for (const key of Object.keys(lockfile.entries)) {
    const stem = safeFileName(key);
    const earlier = lockfile.entries[key]?.earlier ?? [];
    const known = stems.get(stem) ?? NONE;
    if (earlier.length === 0) {
      stems.set(stem, known);
      continue;
    }
    const generations = new Set(known);
    for (const g of earlier) generations.add(g.generation);
    stems.set(stem, generations);
  }
  return stems;
}

const NONE: ReadonlySet<number> = new Set();

function belongs(name: string, known: Map<string, ReadonlySet<number>>): boolean {
  const base = name
    .replace(/\.part$/, "")
    .replace(/\.[A-Za-z0-9]{1,8}$/, "")
    .replace(/~[0-9a-f]{8}$/, "");
  if (isCurrent(base, known)) return true;
  const earlier = /^(.*)\.g(\d+)$/.exec(base);
  if (!earlier?.[1] || !earlier[2]) return false;
  const n = Number(earlier[2]);
  return [earlier[1], earlier[1].replace(/-\d+$/, "")].some((stem) => known.get(stem)?.has(n) === true);
}

function isCurrent(base: string, known: Map<string, ReadonlySet<number>>): boolean {
  return known.has(base) || known.has(base.replace(/-\d+$/, ""));
}
