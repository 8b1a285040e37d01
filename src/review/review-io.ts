// The review file on disk: read (absent is an empty review), written atomically like the lockfile.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { DiagnosticsError, UserError } from "../errors.js";
import { writeFileAtomic } from "../lockfile/atomic-write.js";
import { sha256Hex } from "../util/canonical-json.js";
import { parseReviewText } from "./review-parse.js";
import { serializeReviewFile } from "./review-text.js";
import type { ReviewFile } from "./verdicts.js";

export interface ReadReview {
  review: ReviewFile;
  /** sha256 of the bytes read, or "absent" (saved plans record it). */
  sha256: string;
}

/** The review file, or an empty review of `campaign` when there is none. Throws DiagnosticsError when damaged. */
export async function readReviewFile(path: string, displayPath: string, campaign: string): Promise<ReadReview> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return { review: { campaign, verdicts: [] }, sha256: "absent" };
    throw new UserError(`cannot read the review file ${displayPath}: ${(error as Error).message}`);
  }
  const parsed = parseReviewText(bytes.toString("utf8"), displayPath);
  if (!parsed.ok)
    throw new DiagnosticsError(
      parsed.diagnostics,
      `${displayPath}: invalid review file (fix it or restore it from git)`,
    );
  return { review: parsed.review, sha256: sha256Hex(bytes) };
}

export async function writeReviewFile(path: string, review: ReviewFile, manifestPath: string): Promise<void> {
  await writeFileAtomic(path, serializeReviewFile(review, basename(manifestPath)));
}
