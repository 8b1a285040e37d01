// Where each succeeded output goes: DIR/<campaign>/<key>.<ext>, `-<n>` when a key has several outputs.
import { join } from "node:path";
import type { Lockfile, TaskOutput } from "../lockfile/types.js";

export interface DownloadTarget {
  key: string;
  /** Position of the output in the task's outputs. */
  index: number;
  output: TaskOutput;
  /** Final path; the download goes to `${path}.part` first. */
  path: string;
}

/**
 * A key as a file name, deterministically: letters, digits, `.`, `_` and `-` stay; `#` (takes) becomes `_`;
 * every other character becomes `_` too, and leading dots are dropped (no hidden files, no `..`).
 */
export function safeFileName(key: string): string {
  const replaced = key.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "");
  return (replaced || "_").slice(0, 200);
}

/** file_type if it looks like an extension, else the URL's, else mp4. */
export function extensionFor(output: TaskOutput): string {
  const fromType = output.file_type?.toLowerCase().replace(/^\./, "");
  if (fromType && /^[a-z0-9]{1,8}$/.test(fromType)) return fromType;
  let pathname = "";
  try {
    pathname = new URL(output.url).pathname;
  } catch {
    pathname = "";
  }
  const fromUrl = /\.([A-Za-z0-9]{1,8})$/.exec(pathname)?.[1]?.toLowerCase();
  return fromUrl ?? "mp4";
}

export function downloadTargets(lockfile: Lockfile, dir: string): DownloadTarget[] {
  const campaignDir = join(dir, safeFileName(lockfile.campaign));
  const targets: DownloadTarget[] = [];
  for (const key of Object.keys(lockfile.entries).sort()) {
    const task = lockfile.entries[key]?.task;
    if (task?.state !== "succeeded") continue;
    const several = task.outputs.length > 1;
    task.outputs.forEach((output, index) => {
      const base = safeFileName(key) + (several ? `-${index + 1}` : "");
      targets.push({ key, index, output, path: join(campaignDir, `${base}.${extensionFor(output)}`) });
    });
  }
  return disambiguate(targets);
}

/** Two keys that map to the same name (say `a#1` and `a_1`) each get the start of their key's hash. */
function disambiguate(targets: DownloadTarget[]): DownloadTarget[] {
  const seen = new Map<string, number>();
  for (const t of targets) seen.set(t.path, (seen.get(t.path) ?? 0) + 1);
  return targets.map((t) => ((seen.get(t.path) ?? 0) > 1 ? { ...t, path: t.path.replace(/(\.[^./\\]+)$/, `~${shortHash(t.key)}$1`) } : t));
}

function shortHash(text: string): string {
  let h = 0x811c9dc5; // FNV-1a: stable across runs and platforms, no crypto needed for a name
  for (const ch of text) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
