import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Replaces requestAnimationFrame with a clock the test advances by hand, so a test can say exactly when a
 * frame happens and count the renders in between.
 */
export function installFrameClock() {
  let callbacks = new Map<number, FrameRequestCallback>();
  let nextId = 1;
  /** The frames' own clock, at 60 Hz: the scheduler spaces flushes by frame time, not by the test's wall time. */
  let frameTime = 0;
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
    uninstall: () => vi.unstubAllGlobals(),
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
