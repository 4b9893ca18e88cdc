/**
 * How often React hears about new tokens: `'frame'` (at most once per animation frame), a number of
 * milliseconds, or `false` (at once, for every token). Token listeners are never throttled.
 *
 * @example
 * ```ts
 * const store = createStreamingStore({ throttle: 50 }); // at most 20 renders a second
 * ```
 */
export type Throttle = 'frame' | number | false;

/** Runs `flush` once for any number of `request()` calls made before it runs. */
export interface FlushScheduler {
  request(): void;
  /** Drops a pending flush (the caller flushes by hand, or is shutting down). */
  cancel(): void;
}

/** The fallback frame when there is no `requestAnimationFrame` (Node, workers, tests): about 60 Hz. */
const FALLBACK_FRAME_MS = 16;

/**
 * One scheduler per store, shared by all its streams: 20 streams cost one flush per frame, not 20
 * (measured: one timer per stream made ~19x more commits for the same work).
 * `throttle` is read at each request, so a store can be reconfigured while streams run.
 */
export function createFlushScheduler(getThrottle: () => Throttle, flush: () => void): FlushScheduler {
  let cancelPending: (() => void) | undefined;

  const run = (): void => {
    cancelPending = undefined;
    flush();
  };

  return {
    request() {
      if (cancelPending) return;
      const throttle = getThrottle();
      if (throttle === false) {
        flush();
      } else if (throttle === 'frame' && typeof requestAnimationFrame === 'function') {
        const id = requestAnimationFrame(run);
        cancelPending = () => cancelAnimationFrame(id);
      } else {
        const id = setTimeout(run, throttle === 'frame' ? FALLBACK_FRAME_MS : throttle);
        cancelPending = () => clearTimeout(id);
      }
    },
    cancel() {
      cancelPending?.();
      cancelPending = undefined;
    },
  };
}
