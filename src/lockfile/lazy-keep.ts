// Whether a value a lazily read entry puts back on first read is kept (lazy-generation.ts, stored-task.ts).
// Writing a lockfile reads every entry's body, times and outputs once, to store them again: kept, they would
// make every entry of a 500,000-entry set whole in memory for the rest of the command (over a gigabyte more
// for `merge-driver`, `state push`, a format migration). While writing, they are made and not kept.

let notKeeping = 0;

/** Runs `read` with what lazy entries put back made for it but not kept on them. */
export function withoutKeeping<T>(read: () => T): T {
  notKeeping += 1;
  try {
    return read();
  } finally {
    notKeeping -= 1;
  }
}

/** False inside withoutKeeping. */
export function keepingPutBack(): boolean {
  return notKeeping === 0;
}
