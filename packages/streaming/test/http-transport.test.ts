import { createStreamingStore, httpTransport, type StreamingStore } from '@tokenflow/streaming/core';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type ChunkServer, startChunkServer } from './support/chunk-server.js';

let server: ChunkServer;
let store: StreamingStore;

beforeEach(async () => {
  server = await startChunkServer();
  store = createStreamingStore({ transport: httpTransport({ api: server.url }), throttle: false });
});
afterEach(() => server.close());

const AI_SDK_USAGE = {
  inputTokens: 12,
  inputTokenDetails: { noCacheTokens: 4, cacheReadTokens: 8, cacheWriteTokens: 0 },
  outputTokens: 3,
  outputTokenDetails: { textTokens: 2, reasoningTokens: 1 },
  totalTokens: 15,
};

describe('the HTTP transport speaks the AI SDK UI message stream', () => {
  test('posts the start input as JSON at the top level, with transport and stream extras', async () => {
    store.configure({
      transport: httpTransport({ api: server.url, headers: { 'x-app': 'demo' }, body: { tenant: 'a', trace: 1 } }),
    });
    const fields = {
      prompt: 'Hi',
      system: 'Be brief',
      temperature: 0.5,
      maxOutputTokens: 32,
      topP: 0.9,
      stopSequences: ['END'],
      seed: 7,
      model: 'small',
    };
    const handle = store.start({ ...fields, headers: { authorization: 'Bearer t' }, body: { trace: 2 } });
    const request = await server.nextRequest();
    // The stream's own body extra (trace: 2) wins over the transport's (trace: 1); headers are not in the body; the
    // handle is proposed as the stream's id.
    expect(request.body).toEqual({ ...fields, tenant: 'a', trace: 2, streamId: handle });
    expect(handle).toMatch(/^[\w-]{22}$/);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-app']).toBe('demo');
    expect(request.headers.authorization).toBe('Bearer t');
    request.finish();
  });

  test('a token appears only once the server sent it, and end collects usage, model and finish reason', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.send({ type: 'start' });
    request.send({ type: 'text-start', id: 't' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.getView(handle)).toMatchObject({ status: 'pending', text: '', tokenCount: 0 });

    request.sendText('Hel');
    await vi.waitFor(() => expect(store.getView(handle)).toMatchObject({ status: 'streaming', text: 'Hel' }));

    request.sendText('lo', '', ' world');
    request.send({ type: 'message-metadata', messageMetadata: { model: 'gpt-test-2025' } });
    request.finish({ usage: AI_SDK_USAGE }, 'length');
    const result = await store.end(handle);
    expect(result).toMatchObject({
      status: 'done',
      text: 'Hello world',
      tokenCount: 3,
      finishReason: 'length',
      model: 'gpt-test-2025',
      usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15, reasoningTokens: 1, cachedInputTokens: 8 },
      error: undefined,
    });
    expect(result.tokens.map((token) => token.text)).toEqual(['Hel', 'lo', ' world']);
  });

  test('metadata is shown when it arrives: the start chunk’s, and a mid-stream one with no token after it', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.send({ type: 'start', messageId: 'm-1', messageMetadata: { model: 'model-at-start' } });
    await vi.waitFor(() => expect(store.getView(handle)).toMatchObject({ status: 'pending', model: 'model-at-start' }));
    request.sendText('Hi');
    request.send({ type: 'message-metadata', messageMetadata: { model: 'model-of-step-1' } });
    await vi.waitFor(() => expect(store.getView(handle)).toMatchObject({ text: 'Hi', model: 'model-of-step-1' }));
    request.finish();
    expect((await store.end(handle)).model).toBe('model-of-step-1');
  });

  test('reasoning, tool, source and data chunks reach the view; other chunk types change nothing', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.send({ type: 'start', messageId: 'm-1' });
    request.send({ type: 'reasoning-start', id: 'r' });
    request.send({ type: 'reasoning-delta', id: 'r', delta: 'Hmm.' });
    request.send({ type: 'reasoning-end', id: 'r' });
    request.send({ type: 'tool-input-start', toolCallId: 'c1', toolName: 'weather' });
    request.send({ type: 'tool-input-delta', toolCallId: 'c1', inputTextDelta: '{"city":"Oslo"}' });
    request.send({ type: 'tool-input-available', toolCallId: 'c1', toolName: 'weather', input: { city: 'Oslo' } });
    request.send({ type: 'tool-output-available', toolCallId: 'c1', output: 4 });
    request.send({ type: 'source-url', sourceId: 's', url: 'https://example.com' });
    request.send({ type: 'data-weather', id: 'w', data: 4 });
    request.send({ type: 'file', url: 'data:,x', mediaType: 'text/plain' });
    request.sendText('Four degrees.');
    request.finish();
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'done', reasoning: 'Hmm.', text: 'Four degrees.', tokenCount: 1 });
    expect(result.toolCalls).toEqual([
      expect.objectContaining({
        id: 'c1',
        name: 'weather',
        state: 'output-available',
        input: { city: 'Oslo' },
        output: 4,
      }),
    ]);
    expect(result.sources.map((source) => source.url)).toEqual(['https://example.com']);
    expect(result.data).toEqual([{ type: 'data-weather', id: 'w', data: 4 }]);
  });

  test('an event split inside a multi-byte character and across reads arrives whole', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    const bytes = new TextEncoder().encode(
      `data: ${JSON.stringify({ type: 'text-delta', id: 't', delta: '🙂 日本' })}\n\ndata: {"type":"finish"}\n\n`,
    );
    // The emoji is bytes 45-48: cuts 46, 47 and 48 fall inside it; 3 falls inside "data:".
    const cuts = [0, 3, 9, 46, 47, 48, bytes.length];
    for (let i = 1; i < cuts.length; i++) {
      request.write(bytes.slice(cuts[i - 1], cuts[i]));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    request.end();
    expect(await store.end(handle)).toMatchObject({ status: 'done', text: '🙂 日本', tokenCount: 1 });
  });
});

describe('a burst does not hold the page', () => {
  test('a burst delivered in one read is parsed in slices: other tasks run before its last token', async () => {
    const events = Array.from({ length: 3_000 }, (_, i) => ({ type: 'text-delta', id: 't', delta: `w${i} ` }));
    const sse = [{ type: 'start' }, { type: 'text-start', id: 't' }, ...events, { type: 'finish' }]
      .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
      .join('');
    // One read of ~100 KB, as a fast provider behind a buffering proxy delivers it.
    const oneRead = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(sse));
        controller.close();
      },
    });
    const fetchOnce = async () => new Response(oneRead, { headers: { 'content-type': 'text/event-stream' } });
    const burstStore = createStreamingStore({ transport: httpTransport({ api: '/burst', fetch: fetchOnce }) });
    let seenByAnotherTask = -1;
    const handle = burstStore.start({
      prompt: 'Hi',
      onToken: (token) => {
        if (token.index === 0)
          setTimeout(() => {
            seenByAnotherTask = burstStore.readTextSince(handle, 0)?.tokenCount ?? -1;
          }, 0);
      },
    });
    const result = await burstStore.end(handle);
    expect(result.text).toBe(events.map((event) => event.delta).join(''));
    expect(seenByAnotherTask).toBeGreaterThan(0);
    expect(seenByAnotherTask).toBeLessThan(3_000);
  });
});

describe('failures become typed errors and keep the partial text', () => {
  test('an HTTP 500 with a JSON error gives code http, the status and the route message', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.open(500, { 'content-type': 'application/json' });
    request.end(JSON.stringify({ error: { code: 'provider_down', message: 'Upstream is down' } }));
    const result = await store.end(handle);
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ code: 'http', status: 500, retryable: true });
    expect(result.error?.message).toContain('Upstream is down');
  });

  test('an HTTP 400 is not retryable and keeps a plain text detail', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.open(400, { 'content-type': 'text/plain' });
    request.end('temperature is too high');
    const { error } = await store.end(handle);
    expect(error).toMatchObject({ code: 'http', status: 400, retryable: false });
    expect(error?.message).toContain('temperature is too high');
  });

  test('an error chunk mid-stream gives code provider with its text, the partial text kept', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.sendText('Partial ', 'answer');
    request.send({ type: 'error', errorText: 'Rate limit reached for gpt-4o' });
    await vi.waitFor(() => expect(store.getView(handle)).toMatchObject({ status: 'error', text: 'Partial answer' }));
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'Partial answer', tokenCount: 2 });
    expect(result.error?.code).toBe('provider');
    expect(result.error?.message).toContain('Rate limit reached for gpt-4o');
  });

  test('a malformed chunk gives code protocol, the partial text kept', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.sendText('Kept');
    request.write('data: {"type":"text-delta","delta":\n\n');
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'Kept' });
    expect(result.error?.code).toBe('protocol');
    expect(result.error?.message).toMatch(/not JSON/);
  });

  test('a chunk with no type, or a text delta that is not a string, is a protocol error', async () => {
    const first = store.start({ prompt: 'Hi' });
    (await server.nextRequest()).send({ delta: 'x' });
    expect((await store.end(first)).error?.code).toBe('protocol');

    const second = store.start({ prompt: 'Hi' });
    (await server.nextRequest()).send({ type: 'text-delta', id: 't', delta: 42 });
    expect((await store.end(second)).error?.code).toBe('protocol');
  });

  test('a connection that breaks mid-way gives code network, the partial text kept', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.sendText('Half a ');
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('Half a '));
    request.destroy();
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'Half a ' });
    expect(result.error).toMatchObject({ code: 'network', retryable: true });
  });

  test('a body that ends cleanly but without a finish chunk is a network error', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.sendText('Cut');
    request.end();
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'Cut' });
    expect(result.error?.message).toMatch(/closed before the stream finished/);
  });

  test('the finish chunk is the end: a route slow to close after it, or dropping the connection, still ends done', async () => {
    const idleStore = createStreamingStore({
      transport: httpTransport({ api: server.url, idleTimeoutMs: 80 }),
      throttle: false,
    });
    const slow = idleStore.start({ prompt: 'Hi' });
    const slowRequest = await server.nextRequest();
    slowRequest.sendText('All');
    slowRequest.send({ type: 'finish', finishReason: 'stop', messageMetadata: { model: 'm' } });
    // No [DONE], no close: the route hangs on past the idle timeout.
    expect(await idleStore.end(slow)).toMatchObject({ status: 'done', text: 'All', model: 'm', error: undefined });
    // The client, having read the end, closes the connection itself.
    await slowRequest.clientGone;

    const dropped = idleStore.start({ prompt: 'Hi' });
    const droppedRequest = await server.nextRequest();
    droppedRequest.sendText('Whole');
    droppedRequest.send({ type: 'finish', finishReason: 'stop' });
    // Long enough for the bytes to leave (destroying at once would discard them), then the connection drops.
    await new Promise((resolve) => setTimeout(resolve, 30));
    droppedRequest.destroy();
    expect(await idleStore.end(dropped)).toMatchObject({ status: 'done', text: 'Whole', finishReason: 'stop' });
  });

  test('an answer that is not an event stream is a protocol error', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.open(200, { 'content-type': 'text/plain' });
    request.end('Hello as plain text');
    const { error } = await store.end(handle);
    expect(error?.code).toBe('protocol');
    expect(error?.message).toContain('text/plain');
  });

  test('a route nobody listens on gives code network', async () => {
    const url = server.url;
    await server.close();
    store.configure({ transport: httpTransport({ api: url }) });
    const { status, error } = await store.end(store.start({ prompt: 'Hi' }));
    expect(status).toBe('error');
    expect(error?.code).toBe('network');
    server = await startChunkServer();
  });

  test('a server-side abort chunk ends the stream aborted, saying why, the partial text kept', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.sendText('So far');
    request.send({ type: 'abort', reason: 'shutting down' });
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'aborted', text: 'So far' });
    expect(result.error).toMatchObject({ code: 'aborted', message: 'The server aborted the stream: shutting down' });
  });
});

describe('abort means abort', () => {
  test('end with abort closes the connection to the route and keeps the partial text', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.sendText('Once upon');
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('Once upon'));

    const result = await store.end(handle, { abort: true });
    expect(result).toMatchObject({ status: 'aborted', text: 'Once upon', error: undefined });
    await request.clientGone;
    request.sendText(' a time');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await store.end(handle)).text).toBe('Once upon');
  });

  test('an abort before the response arrives closes the request at once, and asks the route to stop the proposed id too', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    const ending = store.end(handle, { abort: true });
    // A route that keeps streams may have answered already, under the id the client proposed: its handle.
    const stop = await server.nextRequest();
    expect({ method: stop.method, url: stop.url }).toEqual({ method: 'DELETE', url: `/api/stream/${handle}` });
    // Not waiting for the stop's answer (a busy route may take long): the request is closed, the stream over.
    await request.clientGone;
    expect(await ending).toMatchObject({ status: 'aborted', text: '', tokenCount: 0 });
    stop.open(404, { 'content-type': 'application/json' });
    stop.end('{"error":{"code":"unknown-stream","message":"No such stream."}}');
  });

  test('an abort after the route answered but before its first event also asks the route to stop the proposed id', async () => {
    // The client's fetch tells when the answer's headers are in: the abort comes after them, not after a guess.
    let answered!: () => void;
    const headersIn = new Promise<void>((resolve) => {
      answered = resolve;
    });
    const fetchTold: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST') answered();
      return response;
    };
    const answeredStore = createStreamingStore({
      transport: httpTransport({ api: server.url, fetch: fetchTold }),
      throttle: false,
    });
    const handle = answeredStore.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    // Headers only: the route answered, but nothing says yet whether it keeps the stream (numbered events).
    request.open(200, { 'content-type': 'text/event-stream' });
    await headersIn;
    const ending = answeredStore.end(handle, { abort: true });
    const stop = await server.nextRequest();
    expect({ method: stop.method, url: stop.url }).toEqual({ method: 'DELETE', url: `/api/stream/${handle}` });
    await request.clientGone;
    expect(await ending).toMatchObject({ status: 'aborted' });
    stop.open(404, { 'content-type': 'application/json' });
    stop.end('{"error":{"code":"unknown-stream","message":"No such stream."}}');
  });

  test('timeoutMs aborts a stream that runs too long: code timeout, partial text kept, connection closed', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.sendText('Slow');
    const result = await store.end(handle, { timeoutMs: 50 });
    expect(result).toMatchObject({ status: 'error', text: 'Slow' });
    expect(result.error?.code).toBe('timeout');
    await request.clientGone;
  });
});

describe('the route knows best', () => {
  test("a JSON error's code and retryable flag are kept on the client's error", async () => {
    const handle = store.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.open(429, { 'content-type': 'application/json' });
    request.end(
      JSON.stringify({ error: { code: 'provider-quota-exceeded', message: 'Quota used up.', retryable: false } }),
    );
    const { error } = await store.end(handle);
    expect(error).toMatchObject({ code: 'http', status: 429, serverCode: 'provider-quota-exceeded', retryable: false });
  });
});

describe('a silent route does not hang the stream', () => {
  const withIdle = (idleTimeoutMs: number) =>
    createStreamingStore({ transport: httpTransport({ api: server.url, idleTimeoutMs }), throttle: false });

  test('silence mid-stream longer than idleTimeoutMs closes the stream: code timeout, partial text kept', async () => {
    const idleStore = withIdle(80);
    const handle = idleStore.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    request.sendText('Before the stall');
    const result = await idleStore.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'Before the stall' });
    expect(result.error).toMatchObject({ code: 'timeout', retryable: true });
    expect(result.error?.message).toContain('80 ms');
    await request.clientGone;
  });

  test('a route that never answers is closed after idleTimeoutMs too', async () => {
    const idleStore = withIdle(60);
    const handle = idleStore.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    const result = await idleStore.end(handle);
    expect(result.error?.code).toBe('timeout');
    await request.clientGone;
  });

  test('a slow stream whose bytes keep coming is never cut, however long it runs in all', async () => {
    const idleStore = withIdle(80);
    const handle = idleStore.start({ prompt: 'Hi' });
    const request = await server.nextRequest();
    for (let i = 0; i < 8; i++) {
      request.sendText(`${i}`);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    request.finish();
    expect(await idleStore.end(handle)).toMatchObject({ status: 'done', text: '01234567' });
  });
});

describe('bad transport options are refused when the transport is made', () => {
  test.each([
    ['idleTimeoutMs', 2 ** 31],
    ['idleTimeoutMs', 0],
    ['idleTimeoutMs', -1],
    ['idleTimeoutMs', Number.NaN],
    ['idleTimeoutMs', '100'],
    ['api', 42],
    ['headers', { 'bad header': 'x' }],
    ['body', [1, 2]],
    ['fetch', 'fetch'],
    ['credentials', 'always'],
  ])('%s = %j throws invalid-options naming the field', (field, value) => {
    expect(() => httpTransport({ [field]: value })).toThrow(
      expect.objectContaining({ code: 'invalid-options', field }),
    );
  });

  test('the longest idle timeout a timer can hold, and Infinity (none), are accepted', () => {
    expect(() => httpTransport({ idleTimeoutMs: 2 ** 31 - 1 })).not.toThrow();
    expect(() => httpTransport({ idleTimeoutMs: Number.POSITIVE_INFINITY })).not.toThrow();
  });
});
