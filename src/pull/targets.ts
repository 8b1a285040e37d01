// Where each succeeded output goes: DIR/<campaign>/<key>.<ext>, `-<n>` when a key has several outputs, and
// `.g<N>` before the extension for an earlier generation N the lockfile keeps (`<key>.g1.mp4`).
import { join } from "node:path";
import type { EarlierGeneration, Lockfile, TaskOutput } from "../lockfile/types.js";

export interface DownloadTarget {
  key: string;
  /** Set for an output of an earlier generation (LockEntry.earlier): its generation number. Absent: the current one. */
  earlierGeneration?: number;
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

/**
 * Every output to download: each key's current generation, and each earlier generation whose task succeeded
 * and whose URLs are not known to have expired at `now` (see expiredEarlierOutputs).
 */
export function downloadTargets(lockfile: Lockfile, dir: string, now = Number.NEGATIVE_INFINITY): DownloadTarget[] {
  const campaignDir = campaignFolder(lockfile, dir);
  const targets: DownloadTarget[] = [];
  for (const key of Object.keys(lockfile.entries).sort()) {
    const entry = lockfile.entries[key];
    if (!entry) continue;
    for (const generation of entry.earlier ?? []) {
      const outputs = succeededOutputs(generation);
      outputs.forEach((output, index) => {
        if (!expiredAt(output, now))
          targets.push({
            key,
            earlierGeneration: generation.generation,
            index,
            output,
            path: outputPath(campaignDir, key, index, outputs, generation.generation),
          });
      });
    }
    const outputs = succeededOutputs(entry);
    outputs.forEach((output, index) =>
      targets.push({ key, index, output, path: outputPath(campaignDir, key, index, outputs) }),
    );
  }
  return disambiguate(targets);
}

/** Outputs of earlier generations whose URLs expired: not fetched, and not a failure of the pull. */
export function expiredEarlierOutputs(
  lockfile: Lockfile,
  now: number,
  counted: (key: string) => boolean = () => true,
): number {
  let count = 0;
  for (const [key, entry] of Object.entries(lockfile.entries)) {
    if (!counted(key)) continue;
    for (const generation of entry.earlier ?? [])
      count += succeededOutputs(generation).filter((o) => expiredAt(o, now)).length;
  }
  return count;
}

function expiredAt(output: TaskOutput, now: number): boolean {
  return output.expires_at !== undefined && Date.parse(output.expires_at) <= now;
}

export function campaignFolder(lockfile: Pick<Lockfile, "campaign">, dir: string): string {
  return join(dir, safeFileName(lockfile.campaign));
}

function succeededOutputs(generation: EarlierGeneration): TaskOutput[] {
  return generation.task?.state === "succeeded" ? generation.task.outputs : [];
}

/** `<key>.<ext>`, `<key>-<n>.<ext>` for several outputs; an earlier generation N adds `.g<N>` before the extension. */
export function outputPath(
  campaignDir: string,
  key: string,
  index: number,
  outputs: readonly TaskOutput[],
  earlierGeneration?: number,
): string {
  const output = outputs[index] as TaskOutput;
  const base =
    safeFileName(key) +
    (outputs.length > 1 ? `-${index + 1}` : "") +
    (earlierGeneration === undefined ? "" : `.g${earlierGeneration}`);
  return join(campaignDir, `${base}.${extensionFor(output)}`);
}

/** Two keys that map to the same name (say `a#1` and `a_1`) each get the start of their key's hash. */
function disambiguate(targets: DownloadTarget[]): DownloadTarget[] {
  const seen = new Map<string, number>();
  for (const t of targets) seen.set(t.path, (seen.get(t.path) ?? 0) + 1);
  return targets.map((t) =>
    (seen.get(t.path) ?? 0) > 1 ? { ...t, path: t.path.replace(/(\.[^./\\]+)$/, `~${shortHash(t.key)}$1`) } : t,
  );
}

function shortHash(text: string): string {
  let h = 0x811c9dc5; // FNV-1a: stable across runs and platforms, no crypto needed for a name
  for (const ch of text) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
