import { createStreamingStore, isStreamError, StreamError, type Token } from '@tokenflow/streaming/core';
import { describe, expect, test, vi } from 'vitest';
import { manualTransport } from './support/manual-transport.js';

describe('createStreamingStore configures buffer, callbacks and transport', () => {
  test('bufferSize and onToken given at creation apply to every stream', async () => {
    const { transport, streams } = manualTransport();
    const seen: string[] = [];
    const store = createStreamingStore({ transport, bufferSize: 2, onToken: (token) => seen.push(token.text) });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('a', 'b', 'c');
    streams[0]?.finish();
    const result = await store.end(handle);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(result).toMatchObject({ text: 'bc', tokenCount: 3, truncated: true });
  });

  test('configure changes apply to streams started afterwards, and the latest onToken is called', async () => {
    const { transport, streams } = manualTransport();
    const first: string[] = [];
    const second: string[] = [];
    const store = createStreamingStore({ transport, bufferSize: 1, onToken: (token) => first.push(token.text) });
    const before = store.start({ prompt: 'Hi' });
    store.configure({ bufferSize: 10, onToken: (token) => second.push(token.text) });
    const after = store.start({ prompt: 'Hi' });
    for (const stream of streams) {
      stream.tokens('x', 'y');
      stream.finish();
    }
    expect((await store.end(before)).text).toBe('y');
    expect((await store.end(after)).text).toBe('xy');
    expect(first).toEqual([]);
    expect(second).toEqual(['x', 'y', 'x', 'y']);
  });

  test('configure with an undefined value restores the default', async () => {
    const { transport, streams } = manualTransport();
    const seen: Token[] = [];
    const store = createStreamingStore({ transport, onToken: (token) => seen.push(token) });
    store.configure({ onToken: undefined });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('a');
    streams[0]?.finish();
    await store.end(handle);
    expect(seen).toEqual([]);
  });

  test.each([
    ['bufferSize', -1],
    ['bufferSize', 1.5],
    ['bufferSize', '10'],
    ['onToken', 'log'],
    ['onToken', {}],
    ['onError', 1],
    ['transport', { send() {} }],
    ['throttle', 'fast'],
    ['throttle', -5],
    ['releaseAfterMs', -1],
    ['releaseAfterMs', 2 ** 31],
  ])('rejects %s = %j with a typed error naming the field', (field, value) => {
    let caught: unknown;
    try {
      createStreamingStore({ [field]: value });
    } catch (error) {
      caught = error;
    }
    expect(isStreamError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'invalid-options', field });
    expect((caught as StreamError).message).toContain(field);
  });

  test('configure validates too, and a rejected configure changes nothing', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, bufferSize: 1 });
    expect(() => store.configure({ bufferSize: -2 })).toThrow(StreamError);
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('a', 'b');
    streams[0]?.finish();
    expect((await store.end(handle)).text).toBe('b');
  });

  test('throttle false publishes every token; a number publishes on that timer', async () => {
    vi.useFakeTimers();
    try {
      const { transport, streams } = manualTransport();
      const store = createStreamingStore({ transport, throttle: 100 });
      const handle = store.start({ prompt: 'Hi' });
      const published: number[] = [];
      store.state.subscribe(({ views }) => published.push(views.get(handle)?.tokenCount ?? -1));
      streams[0]?.tokens('a', 'b', 'c');
      expect(published).toEqual([]);
      vi.advanceTimersByTime(100);
      expect(published).toEqual([3]);

      store.configure({ throttle: false });
      streams[0]?.tokens('d', 'e');
      expect(published).toEqual([3, 4, 5]);
    } finally {
      vi.useRealTimers();
    }
  });
});
