// `review --bundle out.zip`: the static page and every pulled video it links to, in one zip, for people
// without the repository. The page links the videos inside the zip (videos/<campaign>/<file>), so it works
// once unzipped, from file://. Videos are stored, not deflated (they are compressed already).
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";

export interface BundleEntry {
  /** Absolute path on disk. */
  path: string;
  /** Path inside the zip. */
  name: string;
}

export async function writeBundle(out: string, page: string, videos: readonly BundleEntry[]): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(page, "utf8"), "index.html");
  for (const video of videos) zip.addFile(video.path, video.name, { compress: false });
  zip.end();
  const partial = `${out}.part`;
  try {
    await pipeline(zip.outputStream, createWriteStream(partial));
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
