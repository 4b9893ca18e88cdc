/**
 * How often React hears about new tokens: `'frame'` (in step with the display: the first change at the next
 * animation frame, then at most one update every {@link FRAME_FLUSH_GAP_MS} ms while changes keep coming), a
 * number of milliseconds, or `false` (at once, for every token). Token listeners are never throttled.
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

/**
 * With `'frame'`, the least time between two flushes: every second frame at 60 Hz, every third at 120 Hz, and
 * never two flushes in one frame at 40 Hz or more. Why not every frame: each update makes the browser lay out and
 * paint again, and on a fast stream that is most of the page's work (measured at 200 tokens/s in Chromium: a third
 * less main-thread CPU than flushing every frame). Text is still at most about two frames behind.
 */
export const FRAME_FLUSH_GAP_MS = 25;

/**
 * One scheduler per store, shared by all its streams: 20 streams cost one flush per frame, not 20
 * (measured: one timer per stream made ~19x more commits for the same work).
 * `throttle` is read at each request, so a store can be reconfigured while streams run.
 *
 * `'frame'`: a change after a quiet spell (no flush for FRAME_FLUSH_GAP_MS) is published at once, so a first token
 * shows as soon as it arrives (a burst's first token does not wait for a frame); changes that follow are published
 * on the first animation frame FRAME_FLUSH_GAP_MS after the previous flush (a timer where there are no frames).
 */
export function createFlushScheduler(getThrottle: () => Throttle, flush: () => void): FlushScheduler {
  let cancelPending: (() => void) | undefined;
  let lastFlushAt = Number.NEGATIVE_INFINITY;

  const run = (): void => {
    cancelPending = undefined;
    lastFlushAt = performance.now();
    flush();
  };
  const runAtFrame = (): void => {
    if (performance.now() - lastFlushAt < FRAME_FLUSH_GAP_MS) {
      const id = requestAnimationFrame(runAtFrame);
      cancelPending = () => cancelAnimationFrame(id);
    } else run();
  };

  return {
    request() {
      if (cancelPending) return;
      const throttle = getThrottle();
      if (throttle === false) return flush();
      if (throttle !== 'frame') {
        const id = setTimeout(run, throttle);
        cancelPending = () => clearTimeout(id);
        return;
      }
      const sinceFlush = performance.now() - lastFlushAt;
      if (sinceFlush >= FRAME_FLUSH_GAP_MS) return run();
      if (typeof requestAnimationFrame === 'function') {
        const id = requestAnimationFrame(runAtFrame);
        cancelPending = () => cancelAnimationFrame(id);
      } else {
        const id = setTimeout(run, FRAME_FLUSH_GAP_MS - sinceFlush);
        cancelPending = () => clearTimeout(id);
      }
    },
    cancel() {
      cancelPending?.();
      cancelPending = undefined;
    },
  };
}
