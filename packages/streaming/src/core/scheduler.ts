/**
 * How often React hears about new tokens: `'frame'` (in step with the display: a change after a quiet spell at
 * once, then at most one update every {@link FRAME_FLUSH_GAP_MS} ms, on animation frames, while changes keep
 * coming), a number of milliseconds, or `false` (at once, for every token). Token listeners are never throttled.
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
 * With `'frame'`, the least time between two flushes: every second frame at 60 Hz, every third at 120 Hz. Why not
 * every frame: each update makes the browser lay out and paint again, and on a fast stream that is most of the
 * page's work (measured in Chromium against flushing every frame: 29% less main-thread CPU at 200 tokens/s, 17% less
 * with 20 streams). Text is still at most about two frames behind.
 */
export const FRAME_FLUSH_GAP_MS = 25;

/**
 * One scheduler per store, shared by all its streams: 20 streams cost one flush per frame, not 20
 * (measured: one timer per stream made ~19x more commits for the same work).
 * `throttle` is read at each request, so a store can be reconfigured while streams run.
 *
 * `'frame'`: a change after a quiet spell is published at once, so a first token shows as soon as it arrives (a
 * burst's first token does not wait for a frame). Quiet means: FRAME_FLUSH_GAP_MS since the last flush, and an
 * animation frame begun since, so that two flushes never land in one frame, even when slow frames last longer than
 * the gap. Changes that follow are published on the first frame FRAME_FLUSH_GAP_MS after the previous flush (on a
 * timer where there are no frames).
 */
export function createFlushScheduler(getThrottle: () => Throttle, flush: () => void): FlushScheduler {
  const hasFrames = (): boolean => typeof requestAnimationFrame === 'function';
  /** The pending flush's timer (a number of ms, or 'frame' where there are no frames); cleared by any flush. */
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clearTimer = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  /** A flush is wanted ('frame' mode). */
  let wanted = false;
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  let frameSinceFlush = true;
  let frameRequested = false;

  const flushNow = (): void => {
    wanted = false;
    clearTimer();
    lastFlushAt = performance.now();
    frameSinceFlush = !hasFrames();
    // One frame callback after each flush marks the next frame's start (and flushes there if asked to).
    if (!frameSinceFlush) requestFrame();
    flush();
  };
  const sinceFlush = (): number => performance.now() - lastFlushAt;
  const onFrame = (): void => {
    frameRequested = false;
    frameSinceFlush = true;
    if (!wanted) return;
    if (sinceFlush() >= FRAME_FLUSH_GAP_MS) flushNow();
    else requestFrame();
  };
  function requestFrame(): void {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(onFrame);
  }

  return {
    request() {
      const throttle = getThrottle();
      if (throttle === false) return flush();
      if (throttle !== 'frame') {
        timer ??= setTimeout(() => {
          timer = undefined;
          flush();
        }, throttle);
        return;
      }
      if (wanted) return;
      wanted = true;
      const waited = sinceFlush();
      if (waited >= FRAME_FLUSH_GAP_MS && frameSinceFlush) flushNow();
      else if (hasFrames()) requestFrame();
      else timer ??= setTimeout(flushNow, FRAME_FLUSH_GAP_MS - waited);
    },
    cancel() {
      wanted = false;
      clearTimer();
    },
  };
}
