import { createStreamingStore, type StartStreamInput, StreamError } from '@tokenflow/streaming/core';
import { describe, expect, test } from 'vitest';
import { manualTransport } from './support/manual-transport.js';

describe('start initializes a stream and returns its handle', () => {
  test('the stream starts at once and is pending until its first token, then streaming', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    const handle = store.start({ prompt: 'Hi', temperature: 0.2 });
    expect(streams).toHaveLength(1);
    expect(streams[0]?.request).toEqual({ prompt: 'Hi', temperature: 0.2 });
    expect(store.getView(handle)).toMatchObject({ handle, status: 'pending', isRunning: true, tokenCount: 0 });
    streams[0]?.tokens('Hel');
    expect(store.getView(handle)).toMatchObject({ status: 'streaming', isRunning: true, text: 'Hel', tokenCount: 1 });
  });

  test('isRunning is true while pending or streaming, false once the stream ended and for no stream', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('a');
    streams[0]?.finish();
    await store.end(handle);
    expect(store.getView(handle)).toMatchObject({ status: 'done', isRunning: false });
    expect(store.getView(null).isRunning).toBe(false);
  });

  test('every start returns a distinct string handle, also across stores', () => {
    const { transport } = manualTransport();
    const stores = [createStreamingStore({ transport }), createStreamingStore({ transport })];
    const handles = stores.flatMap((store) => Array.from({ length: 50 }, () => store.start({ prompt: 'Hi' })));
    expect(new Set(handles).size).toBe(100);
    for (const handle of handles) expect(typeof handle).toBe('string');
  });

  test('messages are accepted instead of a prompt, and per-stream settings are not sent', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    store.start({ messages: [{ role: 'user', content: 'Hi' }], bufferSize: 3, onToken: () => {} });
    expect(streams[0]?.request).toEqual({ messages: [{ role: 'user', content: 'Hi' }] });
  });

  test('an empty string delta is not a token', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('', 'a', '');
    expect(store.getView(handle)).toMatchObject({ status: 'streaming', tokenCount: 1, text: 'a' });
  });
});

describe('invalid input throws a typed error that names the field, before anything is sent', () => {
  const cases: [string, unknown][] = [
    ['input', null],
    ['prompt', {}],
    ['prompt', { prompt: '' }],
    ['prompt', { prompt: '   ' }],
    ['prompt', { prompt: 42 }],
    ['prompt', { prompt: 'Hi', messages: [{ role: 'user', content: 'Hi' }] }],
    ['messages', { messages: [] }],
    ['messages', { messages: 'Hi' }],
    ['messages[0]', { messages: ['Hi'] }],
    ['messages[1].role', { messages: [{ role: 'user', content: 'a' }, { content: 'b' }] }],
    ['messages[0]', { messages: [{ role: 'user' }] }],
    ['temperature', { prompt: 'Hi', temperature: 2.5 }],
    ['temperature', { prompt: 'Hi', temperature: -0.1 }],
    ['temperature', { prompt: 'Hi', temperature: Number.NaN }],
    ['topP', { prompt: 'Hi', topP: 1.1 }],
    ['maxOutputTokens', { prompt: 'Hi', maxOutputTokens: 0 }],
    ['maxOutputTokens', { prompt: 'Hi', maxOutputTokens: 10.5 }],
    ['seed', { prompt: 'Hi', seed: 1.2 }],
    ['stopSequences', { prompt: 'Hi', stopSequences: 'END' }],
    ['stopSequences', { prompt: 'Hi', stopSequences: [''] }],
    ['model', { prompt: 'Hi', model: '' }],
    ['output', { prompt: 'Hi', output: '' }],
    ['output', { prompt: 'Hi', output: 42 }],
    ['system', { prompt: 'Hi', system: 3 }],
    ['headers', { prompt: 'Hi', headers: { a: 1 } }],
    ['body', { prompt: 'Hi', body: [1] }],
    ['bufferSize', { prompt: 'Hi', bufferSize: -1 }],
    ['onToken', { prompt: 'Hi', onToken: 'console.log' }],
  ];

  test.each(cases)('%s: %j', (field, input) => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    let caught: unknown;
    try {
      store.start(input as StartStreamInput);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StreamError);
    expect(caught).toMatchObject({ code: 'invalid-input', field });
    expect((caught as Error).message.startsWith(field)).toBe(true);
    expect(streams).toHaveLength(0);
    expect(store.state.getState().views.size).toBe(0);
  });
});
