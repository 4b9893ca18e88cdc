import { vi } from 'vitest';

/**
 * Replaces requestAnimationFrame with a clock the test advances by hand, so a test can say exactly when a
 * frame happens and count the renders in between.
 */
export function installFrameClock() {
  let callbacks = new Map<number, FrameRequestCallback>();
  let nextId = 1;
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
      for (const callback of due.values()) callback(performance.now());
    },
    uninstall: () => vi.unstubAllGlobals(),
  };
}
