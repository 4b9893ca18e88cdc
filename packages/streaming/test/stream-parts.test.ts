import { createStreamingStore, isReasoning, type PortMessage, type Token } from '@tokenflow/streaming/core';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { manualTransport } from './support/manual-transport.js';

function storeWithStream(options: { bufferSize?: number } = {}) {
  const { transport, streams } = manualTransport();
  const store = createStreamingStore({ transport, throttle: false, ...options });
  const heard: Token[] = [];
  const posted: PortMessage[] = [];
  const handle = store.start({
    prompt: 'Think, then answer',
    onToken: (token) => {
      heard.push(token);
    },
  });
  store.addTokenListener(handle, { postMessage: (message: PortMessage) => posted.push(message) });
  return { store, handle, stream: () => streams[0] as NonNullable<(typeof streams)[0]>, heard, posted };
}

describe('reasoning: a second channel of tokens', () => {
  // Timings are read from performance.now(), moved on by hand.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('the view shows it as it streams; listeners hear each token with its kind and its own index', async () => {
    const { store, handle, stream, heard, posted } = storeWithStream();
    expect(store.getView(handle).status).toBe('pending');
    stream().reasoning('Let me ');
    // A model that thinks is streaming, not pending: the page can show the thinking.
    expect(store.getView(handle)).toMatchObject({ status: 'streaming', reasoning: 'Let me ', text: '' });
    vi.advanceTimersByTime(1_200);
    stream().reasoning('think.');
    stream().tokens('Yes', '.');
    stream().finish();
    const result = await store.end(handle);
    expect(result).toMatchObject({ reasoning: 'Let me think.', text: 'Yes.', tokenCount: 2, reasoningMs: 1_200 });
    expect(heard.map(({ kind, index, text }) => [kind, index, text])).toEqual([
      ['reasoning', 0, 'Let me '],
      ['reasoning', 1, 'think.'],
      ['text', 0, 'Yes'],
      ['text', 1, '.'],
    ]);
    expect(
      posted.filter((message) => message.type === 'token').map((message) => 'kind' in message && message.kind),
    ).toEqual(['reasoning', 'reasoning', 'text', 'text']);
  });

  test('reasoningMs is the route’s measure when it sends one: reasoning replayed in one burst still shows 3 s', async () => {
    const { store, handle, stream } = storeWithStream();
    // A tab that attached late: the reasoning of the last 3 s arrives at once from the route's log.
    stream().reasoning('Let me ', 'think ', 'hard.');
    expect(store.getView(handle).reasoningMs).toBe(0);
    stream().finish({ finishReason: 'stop', reasoningMs: 3_000 });
    expect(store.getView(handle).reasoningMs).toBe(3_000);
    expect((await store.end(handle)).reasoningMs).toBe(3_000);
  });

  test('a later step that thinks longer than the route measured so far shows its own growing measure', () => {
    const { store, handle, stream } = storeWithStream();
    stream().reasoning('First step.');
    vi.advanceTimersByTime(400);
    stream().reasoning(' Done.');
    stream().metadata({ reasoningMs: 400 });
    stream().parts({ type: 'tool-input-start', toolCallId: 'c', toolName: 'weather' });
    vi.advanceTimersByTime(600);
    // The second step thinks: until its end brings the route's new measure, the view's own one goes on growing.
    stream().reasoning('Second step.');
    vi.advanceTimersByTime(500);
    stream().reasoning(' Done.');
    expect(store.getView(handle).reasoningMs).toBe(1_500);
  });

  test('without the route’s measure, reasoningMs is the client’s, from the first reasoning token to the last', async () => {
    const { store, handle, stream } = storeWithStream();
    stream().reasoning('Let me ');
    vi.advanceTimersByTime(700);
    stream().reasoning('think.');
    vi.advanceTimersByTime(300);
    stream().tokens('Yes.');
    stream().finish({ finishReason: 'stop', model: 'm' });
    expect((await store.end(handle)).reasoningMs).toBe(700);
  });

  test('tokenCount, tokensPerSecond and ttftMs count text tokens only, as the README says', async () => {
    const { store, handle, stream } = storeWithStream();
    vi.advanceTimersByTime(100);
    stream().reasoning('a', 'b', 'c', 'd');
    expect(store.getView(handle).tokenCount).toBe(0);
    vi.advanceTimersByTime(2_000);
    stream().tokens('Yes');
    vi.advanceTimersByTime(1_000);
    stream().tokens(', it', ' is.');
    stream().finish();
    const { tokenCount, timing } = await store.end(handle);
    expect(tokenCount).toBe(3);
    // The first text token came 2.1 s after the start; 3 text tokens over the 1 s from it to the end.
    expect(timing.ttftMs).toBe(2_100);
    expect(timing.tokensPerSecond).toBe(3);
  });

  test('the bufferSize rule holds for reasoning too; text tokens stay the only `tokens`', async () => {
    const { store, handle, stream } = storeWithStream({ bufferSize: 2 });
    stream().reasoning('a', 'b', 'c');
    stream().tokens('x');
    stream().finish();
    const result = await store.end(handle);
    expect(result).toMatchObject({ reasoning: 'bc', text: 'x' });
    expect(result.tokens.map((token) => token.text)).toEqual(['x']);
  });
});

describe('isReasoning: the one rule for "still thinking?"', () => {
  test('true from the first reasoning token until the answer or a tool call begins, or the stream ends', async () => {
    const thinking = () => isReasoning(store.getView(handle));
    const { store, handle, stream } = storeWithStream();
    stream().reasoning('Let me look it up.');
    expect(thinking()).toBe(true);
    stream().parts({ type: 'tool-input-start', toolCallId: 'c', toolName: 'weather' });
    expect(thinking()).toBe(false);

    const other = storeWithStream();
    other.stream().reasoning('Hmm.');
    expect(isReasoning(other.store.getView(other.handle))).toBe(true);
    other.stream().tokens('Yes.');
    expect(isReasoning(other.store.getView(other.handle))).toBe(false);

    const stopped = storeWithStream();
    stopped.stream().reasoning('Hmm.');
    await stopped.store.end(stopped.handle, { abort: true });
    expect(isReasoning(stopped.store.getView(stopped.handle))).toBe(false);
  });
});

describe('tool calls, sources and data parts', () => {
  test('a tool call goes from its streaming input to its output; the other calls keep their identity', () => {
    const { store, handle, stream } = storeWithStream();
    stream().parts(
      { type: 'tool-input-start', toolCallId: 'a', toolName: 'weather' },
      { type: 'tool-input-delta', toolCallId: 'a', inputTextDelta: '{"city":' },
      { type: 'tool-input-start', toolCallId: 'b', toolName: 'clock' },
    );
    const before = store.getView(handle).toolCalls;
    expect(before).toEqual([
      expect.objectContaining({ id: 'a', name: 'weather', state: 'input-streaming', inputText: '{"city":' }),
      expect.objectContaining({ id: 'b', name: 'clock', state: 'input-streaming', inputText: '' }),
    ]);
    stream().parts({ type: 'tool-input-delta', toolCallId: 'a', inputTextDelta: '"Oslo"}' });
    const after = store.getView(handle).toolCalls;
    expect(after[0]?.inputText).toBe('{"city":"Oslo"}');
    expect(after[1]).toBe(before[1]);
    stream().parts(
      { type: 'tool-input-available', toolCallId: 'a', toolName: 'weather', input: { city: 'Oslo' } },
      { type: 'tool-output-available', toolCallId: 'a', output: { celsius: 4 } },
      { type: 'tool-output-error', toolCallId: 'b', errorText: 'No clock here.' },
    );
    expect(store.getView(handle).toolCalls).toEqual([
      {
        id: 'a',
        name: 'weather',
        state: 'output-available',
        inputText: '{"city":"Oslo"}',
        input: { city: 'Oslo' },
        output: { celsius: 4 },
        errorText: undefined,
      },
      expect.objectContaining({ id: 'b', state: 'error', errorText: 'No clock here.' }),
    ]);
  });

  test('sources are listed; data parts with an id replace the earlier one, transient ones are not kept', () => {
    const { store, handle, stream } = storeWithStream();
    const textView = store.getView(handle);
    stream().parts(
      { type: 'source-url', sourceId: 's1', url: 'https://example.com', title: 'Example' },
      { type: 'source-document', sourceId: 's2', mediaType: 'application/pdf', title: 'Paper', filename: 'p.pdf' },
      { type: 'data-weather', id: 'w', data: { status: 'loading' } },
      { type: 'data-weather', id: 'w', data: { status: 'done', celsius: 4 } },
      { type: 'data-note', data: 'one' },
      { type: 'data-note', data: 'two' },
      { type: 'data-progress', data: 50, transient: true },
    );
    const view = store.getView(handle);
    expect(view.sources.map(({ id, type, url, title, filename }) => [id, type, url, title, filename])).toEqual([
      ['s1', 'url', 'https://example.com', 'Example', undefined],
      ['s2', 'document', undefined, 'Paper', 'p.pdf'],
    ]);
    expect(view.data).toEqual([
      { type: 'data-weather', id: 'w', data: { status: 'done', celsius: 4 } },
      { type: 'data-note', id: undefined, data: 'one' },
      { type: 'data-note', id: undefined, data: 'two' },
    ]);
    // Parts are not text: the text, its tokens and their count did not move.
    expect(view.text).toBe(textView.text);
    expect(view.tokenCount).toBe(0);
  });
});
