// A download that stalls must not hang pull forever: abort when nothing arrives for a while.

export interface IdleWatch {
  signal: AbortSignal;
  touch(): void;
  clear(): void;
  timedOut(): boolean;
}

/** An abort signal that fires when nothing arrives for `ms`, or when the caller aborts. */
export function idleWatch(ms: number, outer?: AbortSignal): IdleWatch {
  const controller = new AbortController();
  let fired = false;
  let timer = setTimeout(fire, ms);
  function fire(): void {
    fired = true;
    controller.abort();
  }
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  return {
    signal,
    touch: () => {
      clearTimeout(timer);
      timer = setTimeout(fire, ms);
    },
    clear: () => clearTimeout(timer),
    timedOut: () => fired,
  };
}
