import { onAbort } from "./abort-fanout.js";

/** Time, sleep and randomness, passed in so tests are instant and deterministic. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      const cancel = signal ? onAbort(signal, done) : undefined;
      function done(): void {
        clearTimeout(timer);
        cancel?.();
        resolve();
      }
    }),
  random: () => Math.random(),
};
