// What status, pull and the pipeline need from the lockfile on disk (the implementation, which takes the apply
// lock and folds what a killed run left, is status/store.ts).
import type { Lockfile } from "./types.js";

export interface LockfileStore {
  read(path: string): Promise<Lockfile | null>;
  /**
   * Re-reads under the lock, applies `mutate`, writes atomically, releases; returns what was written.
   * `changed`: the only keys `mutate` may change, add or remove (the others are written as they were read,
   * unserialised); without it, any entry may change.
   */
  update(path: string, mutate: (lockfile: Lockfile) => void, changed?: ReadonlySet<string>): Promise<Lockfile>;
}
