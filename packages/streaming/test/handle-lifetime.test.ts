import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createStreamingStore } from '@tokenflow/streaming/core';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { manualTransport } from './support/manual-transport.js';

// The rule: while its stream runs or something reads it, a handle stays; once its stream has ended and nothing
// reads it, it is released `releaseAfterMs` later. `end` only waits; `release` removes at once.

describe('the lifetime rule', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const MINUTE = 60_000;

  test('a running stream stays, however long and unread; once ended and unread it goes releaseAfterMs later', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false, releaseAfterMs: MINUTE });
    const handle = store.start({ prompt: 'Hi' });
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(store.getView(handle).status).toBe('pending');
    streams[0]?.tokens('answer');
    streams[0]?.finish();
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    // A late end within the time still gets the whole result.
    expect(await store.end(handle)).toMatchObject({ status: 'done', text: 'answer' });
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getView(handle).status).toBe('idle');
    expect(store.state.getState().views.size).toBe(0);
    await expect(store.end(handle)).rejects.toMatchObject({ code: 'unknown-handle' });
  });

  test('calling end changes nothing: ended streams all stay their time, none is evicted for another', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false, releaseAfterMs: MINUTE });
    const handles = Array.from({ length: 150 }, () => store.start({ prompt: 'Hi' }));
    for (const stream of streams) stream.finish();
    await Promise.all(handles.map((handle) => store.end(handle)));
    expect(handles.every((handle) => store.getView(handle).status === 'done')).toBe(true);
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(store.state.getState().views.size).toBe(0);
  });

  test('a reader holds an ended handle; one that leaves and comes back within the time finds its final view', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false, releaseAfterMs: MINUTE });
    const handle = store.start({ prompt: 'Hi' });
    let stopReading = store.retain(handle);
    streams[0]?.tokens('kept');
    streams[0]?.finish();
    await store.end(handle);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(store.getView(handle).text).toBe('kept');
    stopReading(); // hidden (an inactive tab, React's <Activity mode="hidden">)…
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    stopReading = store.retain(handle); // …and shown again before the time is up
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(store.getView(handle)).toMatchObject({ status: 'done', text: 'kept' });
    stopReading();
    stopReading(); // a second call is harmless
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(store.getView(handle).status).toBe('idle');
  });

  test('releaseAfterMs 0 releases on the next task; Infinity never', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false, releaseAfterMs: 0 });
    const soon = store.start({ prompt: 'Hi' });
    store.configure({ releaseAfterMs: Number.POSITIVE_INFINITY });
    const never = store.start({ prompt: 'Hi' });
    store.configure({ releaseAfterMs: 0 });
    streams[0]?.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getView(soon).status).toBe('idle');
    store.configure({ releaseAfterMs: Number.POSITIVE_INFINITY });
    streams[1]?.finish();
    await vi.advanceTimersByTimeAsync(365 * 24 * 60 * MINUTE);
    expect(store.getView(never).status).toBe('done');
  });

  test('release removes a handle now, view and all, also a running one (which is aborted)', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    for (let i = 0; i < 1_000; i++) store.release(store.start({ prompt: 'Hi' }));
    await vi.advanceTimersByTimeAsync(100);
    store.flush();
    expect(store.state.getState().views.size).toBe(0);
    expect(streams.every((stream) => stream.signal.aborted)).toBe(true);
    await expect(store.end(store.start({ prompt: 'x' }) && 'tf-gone')).rejects.toMatchObject({
      code: 'unknown-handle',
    });
  });
});

describe('in Node', () => {
  test('a countdown does not keep a finished program alive', async () => {
    const script = fileURLToPath(new URL('./support/end-one-stream.ts', import.meta.url));
    const started = performance.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 20_000 });
    expect(stdout.trim()).toBe('done: Hi');
    // The default countdown is 5 minutes; the program exits as soon as its own work is done.
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
