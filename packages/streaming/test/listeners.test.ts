import { createStreamingStore, type PortMessage, type StreamError, type Token } from '@tokenflow/streaming/core';
import { describe, expect, test } from 'vitest';
import { manualTransport, settle } from './support/manual-transport.js';

/** Collects what arrives on the other side of a real MessageChannel. */
function portListener() {
  const channel = new MessageChannel();
  const received: PortMessage[] = [];
  const ended = new Promise<void>((resolve) => {
    channel.port2.onmessage = ({ data }: MessageEvent<PortMessage>) => {
      received.push(data);
      if (data.type === 'end') resolve();
    };
  });
  return { port: channel.port1, received, ended, close: () => channel.port2.close() };
}

describe('process delivers every token, in order, to every listener', () => {
  test('a function listener gets each token at once with its index, text, time and handle', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const calls: [Token, string][] = [];
    const handle = store.start({ prompt: 'Hi', onToken: (token, h) => calls.push([token, h]) });
    streams[0]?.tokens('one', ' two');
    // Not throttled: both calls happened synchronously, before any frame.
    expect(calls.map(([token, h]) => [token.index, token.text, h])).toEqual([
      [0, 'one', handle],
      [1, ' two', handle],
    ]);
    expect(calls[1]?.[0].at).toBeGreaterThanOrEqual(calls[0]?.[0].at ?? Number.POSITIVE_INFINITY);
  });

  test('a real MessagePort receives a message per token, in order, then one end message with usage', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const listener = portListener();
    const handle = store.start({ prompt: 'Hi', onToken: listener.port });
    const texts = Array.from({ length: 200 }, (_, i) => `t${i} `);
    streams[0]?.tokens(...texts);
    streams[0]?.finish({ finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 200, totalTokens: 203 } });
    await listener.ended;
    listener.close();
    const tokens = listener.received.filter((message) => message.type === 'token');
    expect(tokens.map((message) => message.text)).toEqual(texts);
    expect(tokens.map((message) => message.index)).toEqual(texts.map((_, i) => i));
    expect(listener.received.at(-1)).toEqual({
      type: 'end',
      handle,
      status: 'done',
      finishReason: 'stop',
      usage: { inputTokens: 3, outputTokens: 200, totalTokens: 203 },
      error: undefined,
    });
  });

  test('a port hears the end of a failed stream, with a cloneable error', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const listener = portListener();
    store.start({ prompt: 'Hi', onToken: listener.port });
    streams[0]?.tokens('a');
    streams[0]?.fail(new Error('socket hang up'));
    await listener.ended;
    listener.close();
    expect(listener.received.at(-1)).toMatchObject({
      type: 'end',
      status: 'error',
      error: { code: 'network', message: 'socket hang up' },
    });
  });

  test('store-wide, per-stream and added listeners are all called, store-wide first', () => {
    const { transport, streams } = manualTransport();
    const order: string[] = [];
    const store = createStreamingStore({ transport, onToken: (t) => order.push(`store:${t.text}`) });
    const handle = store.start({ prompt: 'Hi', onToken: (t) => order.push(`stream:${t.text}`) });
    const remove = store.addTokenListener(handle, (t) => order.push(`added:${t.text}`));
    streams[0]?.tokens('a');
    remove();
    streams[0]?.tokens('b');
    expect(order).toEqual(['store:a', 'stream:a', 'added:a', 'store:b', 'stream:b']);
  });

  test('a listener given as a ref calls its latest value', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handle = store.start({ prompt: 'Hi' });
    const seen: string[] = [];
    const ref: { current: ((token: Token) => void) | undefined } = { current: (t) => seen.push(`old:${t.text}`) };
    store.addTokenListener(handle, ref);
    streams[0]?.tokens('a');
    ref.current = (t) => seen.push(`new:${t.text}`);
    streams[0]?.tokens('b');
    expect(seen).toEqual(['old:a', 'new:b']);
  });

  test('a listener that throws breaks neither the stream nor the others, and is reported to onError', async () => {
    const { transport, streams } = manualTransport();
    const reported: [StreamError, string][] = [];
    const store = createStreamingStore({ transport, onError: (error, handle) => reported.push([error, handle]) });
    const good: string[] = [];
    const handle = store.start({
      prompt: 'Hi',
      onToken: () => {
        throw new Error('listener bug');
      },
    });
    store.addTokenListener(handle, (t) => good.push(t.text));
    streams[0]?.tokens('a', 'b');
    streams[0]?.finish();
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'done', text: 'ab' });
    expect(good).toEqual(['a', 'b']);
    expect(reported).toHaveLength(2);
    expect(reported[0]?.[0]).toMatchObject({ code: 'listener' });
    expect(reported[0]?.[0].message).toContain('listener bug');
    expect(reported[0]?.[1]).toBe(handle);
  });

  test('an onError that throws itself is contained too', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({
      transport,
      onToken: () => {
        throw new Error('first');
      },
      onError: () => {
        throw new Error('second');
      },
    });
    const handle = store.start({ prompt: 'Hi' });
    expect(() => streams[0]?.tokens('a')).not.toThrow();
    streams[0]?.finish();
    expect((await store.end(handle)).text).toBe('a');
  });

  test('a listener added after the stream ended is never called', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.finish();
    await settle();
    const calls: Token[] = [];
    const remove = store.addTokenListener(handle, (t) => calls.push(t));
    streams[0]?.tokens('late');
    remove();
    expect(calls).toEqual([]);
  });
});

describe('listeners that change the stream while a token is delivered', () => {
  test('a stream ended by a listener during delivery: the end message is the last thing a port gets', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const port = portListener();
    let handle = '';
    // The function listener comes first (store-wide), the port after it (per stream).
    store.configure({ onToken: (token) => token.index === 1 && void store.end(handle, { abort: true }) });
    handle = store.start({ prompt: 'Hi', onToken: port.port });
    streams[0]?.tokens('a', 'b', 'c');
    await port.ended;
    await settle();
    port.close();
    expect(port.received.map((message) => message.type)).toEqual(['token', 'token', 'end']);
    expect(port.received.at(-1)).toMatchObject({ type: 'end', status: 'aborted' });
    // The token the stream ended on was delivered to every listener, before the end.
    expect((await store.end(handle)).text).toBe('ab');
  });

  test('a listener added during delivery starts with the next token', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const late: number[] = [];
    let added = false;
    const handle = store.start({
      prompt: 'Hi',
      onToken: () => {
        if (added) return;
        added = true;
        store.addTokenListener(handle, (token) => late.push(token.index));
      },
    });
    streams[0]?.tokens('a', 'b', 'c');
    expect(late).toEqual([1, 2]);
  });

  test('a listener that removes and re-adds itself gets each token once, and delivery ends', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const calls: number[] = [];
    const handle = store.start({ prompt: 'Hi' });
    let remove = (): void => {};
    const listener = (token: Token): void => {
      calls.push(token.index);
      if (calls.length > 10) throw new Error('delivery loops');
      remove();
      remove = store.addTokenListener(handle, listener);
    };
    remove = store.addTokenListener(handle, listener);
    streams[0]?.tokens('a', 'b');
    expect(calls).toEqual([0, 1]);
  });

  test('a listener removed during delivery by an earlier one does not get that token', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const second: number[] = [];
    const handle = store.start({ prompt: 'Hi', onToken: (token) => token.index === 1 && removeSecond() });
    const removeSecond = store.addTokenListener(handle, (token) => second.push(token.index));
    streams[0]?.tokens('a', 'b', 'c');
    expect(second).toEqual([0]);
  });
});
