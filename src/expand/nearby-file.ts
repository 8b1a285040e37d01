// "did you mean data/products.csv?" for a data file that is not there: the closest name in the same folder.
import { readdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { closestMatch } from "../manifest/suggest.js";

/** A suggestion naming the closest existing file next to `absolute`, spelt as the manifest wrote the path. */
export async function similarFileHint(absolute: string, written: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = (await readdir(dirname(absolute), { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return undefined;
  }
  const guess = closestMatch(basename(absolute), names);
  if (!guess) return undefined;
  const folder = written.slice(0, written.length - basename(written).length);
  return `did you mean "${folder}${guess}"?`;
}
