// Before pulling a new generation over `<key>.<ext>`: if the file there is an earlier generation's output
// (the size and sha256 pull recorded for it), it moves to its own name `<key>.g<N>.<ext>` instead of being
// overwritten, so earlier generations stay next to the current one.
import { rename } from "node:fs/promises";
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import { alreadyComplete, sizeOf } from "./files.js";
import { campaignFolder, outputPath } from "./targets.js";

export interface KeptFile {
  key: string;
  generation: number;
  from: string;
  to: string;
}

/** Renames each current-name file that holds an earlier generation's recorded output; returns what moved. */
export async function keepEarlierGenerations(
  lockfile: Lockfile,
  dir: string,
  keys?: ReadonlySet<string>,
): Promise<KeptFile[]> {
  const campaignDir = campaignFolder(lockfile, dir);
  const kept: KeptFile[] = [];
  for (const [key, entry] of Object.entries(lockfile.entries)) {
    if (keys && !keys.has(key)) continue;
    for (const generation of entry.earlier ?? []) {
      const outputs = generation.task?.state === "succeeded" ? generation.task.outputs : [];
      for (const [index, output] of outputs.entries()) {
        const from = outputPath(campaignDir, key, index, outputs);
        const to = outputPath(campaignDir, key, index, outputs, generation.generation);
        if (
          (await alreadyComplete(from, output)) &&
          !(await currentIsThere(entry, index, from)) &&
          (await sizeOf(to)) === undefined
        ) {
          await rename(from, to);
          kept.push({ key, generation: generation.generation, from, to });
        }
      }
    }
  }
  return kept;
}

/** The current generation's own output is already at that name (both generations made the same bytes). */
async function currentIsThere(entry: LockEntry, index: number, path: string): Promise<boolean> {
  const output = entry.task?.state === "succeeded" ? entry.task.outputs[index] : undefined;
  return output !== undefined && (await alreadyComplete(path, output));
}
