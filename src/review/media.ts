// Where each generation of a key plays from: the file `pull` wrote (DIR/<campaign>/<key>.<ext> for the
// current generation, DIR/<campaign>/<key>.g<N>.<ext> for an earlier one), else its recorded URL while it
// has not expired. Paths are given relative to where the page is (static) or under files/ (serve).
import { existsSync } from "node:fs";
import { relative, sep } from "node:path";
import type { EarlierGeneration, Lockfile } from "../lockfile/types.js";
import { downloadTargets } from "../pull/targets.js";
import type { SourceFinder } from "./cells.js";
import type { VideoSource } from "./data.js";

export interface MediaOptions {
  /** The pull folder (absolute). */
  dir: string;
  /** Turns a file below `dir` into the page's URL for it. */
  link: (absolutePath: string) => string;
  now: number;
}

export function sourceFinder(lockfile: Lockfile | null, options: MediaOptions): SourceFinder {
  // Exactly the files pull writes (its naming: several outputs, two keys with one file name), first output each.
  const pulled = new Map<string, string>();
  if (lockfile)
    for (const t of downloadTargets(lockfile, options.dir))
      if (t.index === 0) pulled.set(fileKey(t.key, t.earlierGeneration), t.path);
  return (key, generation, isCurrent) => {
    const path = pulled.get(fileKey(key, isCurrent ? undefined : generation.generation));
    if (path && existsSync(path)) return { src: options.link(path), from: "file" };
    return recordedUrl(generation, options.now);
  };
}

function fileKey(key: string, earlierGeneration: number | undefined): string {
  return `${key}\0${earlierGeneration ?? "current"}`;
}

function recordedUrl(g: EarlierGeneration, now: number): VideoSource | undefined {
  const output = g.task?.state === "succeeded" ? g.task.outputs[0] : undefined;
  if (!output || !/^https?:\/\//i.test(output.url)) return undefined;
  if (output.expires_at && Date.parse(output.expires_at) <= now) return undefined;
  return { src: output.url, from: "url" };
}

/** A relative URL from `fromDir` to `path`, each segment percent-encoded. */
export function relativeUrl(fromDir: string, path: string): string {
  return relative(fromDir, path).split(sep).map(encodeURIComponent).join("/");
}
