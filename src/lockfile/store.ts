// What status, pull and the pipeline need from the lockfile on disk (the implementation, which takes the apply
// lock and folds what a killed run left, is status/store.ts).
import type { Lockfile } from "./types.js";

export interface LockfileStore {
  read(path: string): Promise<Lockfile | null>;
  /** Re-reads under the lock, applies `mutate`, writes atomically, releases; returns what was written. */
  update(path: string, mutate: (lockfile: Lockfile) => void): Promise<Lockfile>;
}
