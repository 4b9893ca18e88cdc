import { createStreamingStore, StreamError } from '@tokenflow/streaming/core';
import { describe, expect, test, vi } from 'vitest';
import { manualTransport, settle } from './support/manual-transport.js';

describe('end returns the complete response', () => {
  test('it waits for the stream and reports text, usage, finish reason, model, metadata and timing', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const before = Date.now();
    const handle = store.start({ prompt: 'Hi' });
    const ending = store.end(handle);
    let resolved = false;
    void ending.then(() => {
      resolved = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 15));
    streams[0]?.tokens('Hello', ',', ' world');
    await settle();
    expect(resolved).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 15));
    streams[0]?.finish({
      finishReason: 'stop',
      usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8 },
      model: 'gpt-x',
      providerMetadata: { openai: { responseId: 'r1' } },
    });
    const result = await ending;
    expect(result).toMatchObject({
      handle,
      status: 'done',
      text: 'Hello, world',
      tokenCount: 3,
      finishReason: 'stop',
      usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8 },
      model: 'gpt-x',
      providerMetadata: { openai: { responseId: 'r1' } },
      error: undefined,
    });
    const { timing } = result;
    expect(timing.startedAt).toBeGreaterThanOrEqual(before);
    expect(timing.ttftMs).toBeGreaterThanOrEqual(10);
    expect(timing.firstTokenAt).toBeCloseTo(timing.startedAt + (timing.ttftMs ?? 0), 5);
    expect(timing.durationMs).toBeGreaterThanOrEqual((timing.ttftMs ?? 0) + 10);
    expect(timing.endedAt).toBeGreaterThan(timing.firstTokenAt ?? Number.POSITIVE_INFINITY);
    expect(timing.tokensPerSecond).toBeCloseTo(3 / ((timing.durationMs - (timing.ttftMs ?? 0)) / 1000), 5);
  });

  test('a failed stream resolves (not rejects) with status error, the typed error and the partial text', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('Part');
    streams[0]?.fail(new StreamError('provider', 'The model provider failed: overloaded'));
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'Part' });
    expect(result.error).toBeInstanceOf(StreamError);
    expect(result.error?.code).toBe('provider');
    expect(result.timing.tokensPerSecond === undefined || result.timing.tokensPerSecond >= 0).toBe(true);
  });

  test('calling end twice returns the same result', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.finish();
    const first = await store.end(handle);
    expect(await store.end(handle)).toBe(first);
  });

  test('end rejects for a handle the store does not know, and for bad options', async () => {
    const { transport } = manualTransport();
    const store = createStreamingStore({ transport });
    await expect(store.end('tf-nope')).rejects.toMatchObject({ code: 'unknown-handle' });
    const handle = store.start({ prompt: 'Hi' });
    await expect(store.end(handle, { timeoutMs: -1 })).rejects.toMatchObject({
      code: 'invalid-input',
      field: 'timeoutMs',
    });
  });

  test('abort stops the stream now: status aborted, no error, partial text, the transport signal aborted', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('Par', 'tial');
    const result = await store.end(handle, { abort: true });
    expect(result).toMatchObject({ status: 'aborted', text: 'Partial', tokenCount: 2, error: undefined });
    expect(streams[0]?.signal.aborted).toBe(true);
    streams[0]?.tokens('ignored');
    streams[0]?.finish();
    expect((await store.end(handle)).text).toBe('Partial');
  });

  test('a timeout aborts the stream with code timeout; a stream that ends in time clears its timer', async () => {
    vi.useFakeTimers();
    try {
      const { transport, streams } = manualTransport();
      // throttle false: no frame timer, so the only timers are those of end.
      // No release countdowns: the timers counted below are end's own.
      const store = createStreamingStore({ transport, throttle: false, releaseAfterMs: Number.POSITIVE_INFINITY });
      const slow = store.start({ prompt: 'Hi' });
      const fast = store.start({ prompt: 'Hi' });
      streams[0]?.tokens('So');
      const slowEnd = store.end(slow, { timeoutMs: 1_000 });
      const fastEnd = store.end(fast, { timeoutMs: 1_000 });
      streams[1]?.finish();
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(1_000);
      const result = await slowEnd;
      expect(result).toMatchObject({ status: 'error', text: 'So' });
      expect(result.error).toMatchObject({ code: 'timeout' });
      expect(streams[0]?.signal.aborted).toBe(true);
      expect((await fastEnd).status).toBe('done');
    } finally {
      vi.useRealTimers();
    }
  });
});
