// A file a compile read, with its checksum, for the lockfile's inputs.
/** A file the expansion read, with its digest (saved plans refuse to apply when one changed). */
export interface InputFile {
  role: "manifest" | "data" | "prices" | "models" | "review";
  /** Path relative to the current directory. */
  path: string;
  sha256: string;
}
