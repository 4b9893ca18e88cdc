import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { startIdleTimer } from '../src/transport/idle-timer.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the idle timer fires only after a real silence', () => {
  test('touches more often than the limit keep it from firing, however long the stream lasts', () => {
    const onIdle = vi.fn();
    const timer = startIdleTimer(100, onIdle);
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(60);
      timer.touch();
    }
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(99);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  test('stop cancels it; Infinity and 0 never fire', () => {
    const onIdle = vi.fn();
    startIdleTimer(100, onIdle).stop();
    startIdleTimer(Number.POSITIVE_INFINITY, onIdle);
    startIdleTimer(0, onIdle);
    expect(vi.getTimerCount()).toBe(0); // not even a timer started
    vi.advanceTimersByTime(10_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
