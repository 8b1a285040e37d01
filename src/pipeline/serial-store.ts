// The pipeline changes the lockfile from two places at once (status answers, finished downloads): each
// change is a read-modify-write, so they are made one after another, never interleaved (with the apply
// lock held, nothing else would keep one from overwriting the other).
import type { LockfileStore } from "../status/store.js";

export function serialized(store: LockfileStore): LockfileStore {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    read: (path) => store.read(path),
    update(path, mutate, changed) {
      const turn = tail.then(() => store.update(path, mutate, changed));
      tail = turn.catch(() => undefined);
      return turn;
    },
  };
}
