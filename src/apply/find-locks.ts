import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { append } from "../util/arrays.js";

const SKIP = new Set(["node_modules", ".git", "dist"]);

/** `*.lock` files next to lockfiles (`x.lock.json.lock`) below `dir`, a few levels deep. */
export async function findLockFiles(dir: string, depth = 4): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name.endsWith(".json.lock")) found.push(path);
    else if (entry.isDirectory() && depth > 0 && !SKIP.has(entry.name))
      append(found, await findLockFiles(path, depth - 1));
  }
  return found.sort();
}
