// Many waiters on one AbortSignal (every item of an apply sleeps on the run's stop signal) share a single
// listener per signal, so no number of parallel sleeps ever trips Node's MaxListenersExceededWarning.
const waiters = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts; returns the function that cancels this interest. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let set = waiters.get(signal);
  if (!set) {
    const created = new Set<() => void>();
    signal.addEventListener("abort", () => created.forEach((call) => call()), { once: true });
    waiters.set(signal, created);
    set = created;
  }
  set.add(callback);
  const registered = set;
  return () => registered.delete(callback);
}
