/** A timer that fires when it has not been touched for `ms`; touching it costs one clearTimeout + setTimeout. */
export interface IdleTimer {
  touch(): void;
  stop(): void;
}

/** Calls `onIdle` once if `touch` is not called for `ms` milliseconds (never when `ms` is Infinity or 0). */
export function startIdleTimer(ms: number, onIdle: () => void): IdleTimer {
  if (!(ms > 0 && Number.isFinite(ms))) return { touch() {}, stop() {} };
  let timer = setTimeout(onIdle, ms);
  return {
    touch() {
      clearTimeout(timer);
      timer = setTimeout(onIdle, ms);
    },
    stop: () => clearTimeout(timer),
  };
}
