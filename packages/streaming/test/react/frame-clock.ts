import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Replaces requestAnimationFrame and performance.now with a clock the test advances by hand, so a test can say
 * exactly when a frame happens and count the renders in between. Time stands still between frames.
 */
function installFrameClock() {
  let callbacks = new Map<number, FrameRequestCallback>();
  let nextId = 1;
  /** The clock, at 60 Hz; it starts far from 0, so the first change counts as one after a quiet spell. */
  let frameTime = 10_000;
  const now = vi.spyOn(performance, 'now').mockImplementation(() => frameTime);
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    callbacks.set(nextId, callback);
    return nextId++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => callbacks.delete(id));
  return {
    /** Frames requested and not yet run. */
    get pending() {
      return callbacks.size;
    },
    /** Runs every requested frame callback once. */
    frame() {
      const due = callbacks;
      callbacks = new Map();
      frameTime += 1000 / 60;
      for (const callback of due.values()) callback(frameTime);
    },
    /** Runs `count` frames in a row (a flush right after another waits one more frame: see FRAME_FLUSH_GAP_MS). */
    frames(count: number) {
      for (let i = 0; i < count; i++) this.frame();
    },
    /** Lets `ms` pass with no frame (a quiet spell). */
    wait(ms: number) {
      frameTime += ms;
    },
    uninstall: () => {
      now.mockRestore();
      vi.unstubAllGlobals();
    },
  };
}

/**
 * A fresh frame clock for each test of the file, and React trees unmounted after each: the returned object's
 * `clock` is the current test's.
 */
export function frameClockPerTest(): { clock: ReturnType<typeof installFrameClock> } {
  const current = {} as { clock: ReturnType<typeof installFrameClock> };
  beforeEach(() => {
    current.clock = installFrameClock();
  });
  afterEach(() => {
    cleanup();
    current.clock.uninstall();
  });
  return current;
}
