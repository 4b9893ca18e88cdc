import { createStreamingStore, httpTransport, type StreamingStore } from '@tokenflow/streaming/core';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type ChunkServer, type PendingResponse, startChunkServer } from './support/chunk-server.js';

// A route with a log numbers its events (SSE `id:`) and names the stream in its start chunk; after a drop the
// transport asks `GET <api>/<id>` with `Last-Event-ID` for the rest. These tests play that route by hand.

let server: ChunkServer;
let store: StreamingStore;

beforeEach(async () => {
  server = await startChunkServer();
  store = createStreamingStore({
    transport: httpTransport({ api: server.url, reconnectDelayMs: 10 }),
    throttle: false,
  });
});
afterEach(() => server.close());

const text = (delta: string) => ({ type: 'text-delta', id: 't', delta });
/** The head of a durable stream: its start names it by the id the client proposed (a reader's GET has none). */
const durableHead = (request: PendingResponse) => [
  { type: 'start', messageId: (request.body.streamId as string | undefined) ?? request.url.split('/').at(-1) },
  { type: 'start-step' },
  { type: 'text-start', id: 't' },
];
const HEAD_LENGTH = 3;

/** Sends the start of a durable stream and then these deltas, numbered on from the head. */
function sendDurable(request: PendingResponse, deltas: string[], from = 0) {
  if (from === 0) for (const [i, chunk] of durableHead(request).entries()) request.sendEvent(i, chunk);
  for (const [i, delta] of deltas.entries()) request.sendEvent(from + HEAD_LENGTH + i, text(delta));
}

const finishEvents = (request: PendingResponse, id: number) => {
  request.sendEvent(id, { type: 'text-end', id: 't' });
  request.sendEvent(id + 1, { type: 'finish', finishReason: 'stop' });
  request.end('data: [DONE]\n\n');
};

/** Answers a request with a JSON body and this status. */
const answerJson = (request: PendingResponse, status: number, body: unknown) => {
  request.open(status, { 'content-type': 'application/json' });
  request.end(JSON.stringify(body));
};

/** Starts a durable stream in `target`, lets these deltas arrive, then drops the connection. */
async function startThenDrop(target: StreamingStore, deltas: string[]) {
  const handle = target.start({ prompt: 'Hi' });
  const post = await server.nextRequest();
  sendDurable(post, deltas);
  await vi.waitFor(() => expect(target.getView(handle).text).toBe(deltas.join('')));
  post.destroy();
  return handle;
}

describe('a durable stream survives a dropped connection', () => {
  test('after a drop the transport resumes after the last event it read: every token once, in order', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const post = await server.nextRequest();
    sendDurable(post, ['One', ' two']);
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('One two'));
    post.destroy();

    const resume = await server.nextRequest();
    expect(resume.method).toBe('GET');
    expect(resume.url).toBe(`/api/stream/${handle}`);
    expect(resume.headers['last-event-id']).toBe('4');
    await vi.waitFor(() => expect(store.getView(handle).reconnecting).toBe(true));
    // The route replays from where it was asked; an event already read (id 4) would be skipped anyway.
    resume.sendEvent(4, text(' two'));
    sendDurable(resume, [' three'], 2);
    finishEvents(resume, 6);
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'done', text: 'One two three', tokenCount: 3, reconnects: 1 });
    expect(store.getView(handle).reconnecting).toBe(false);
  });

  test('a stream that drops again after it resumed gets its attempts again, and the count says how often', async () => {
    const handle = await startThenDrop(store, ['a']);
    const first = await server.nextRequest();
    sendDurable(first, ['b'], 1);
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('ab'));
    first.destroy();
    const second = await server.nextRequest();
    expect(second.headers['last-event-id']).toBe('4');
    sendDurable(second, ['c'], 2);
    finishEvents(second, 6);
    expect(await store.end(handle)).toMatchObject({ status: 'done', text: 'abc', reconnects: 2 });
  });

  test('a route that answers 503 while it restarts is asked again; a 404 (expired) ends the stream, text kept', async () => {
    const handle = await startThenDrop(store, ['kept']);
    answerJson(await server.nextRequest(), 503, {
      error: { code: 'log-unavailable', message: 'Down', retryable: true },
    });
    answerJson(await server.nextRequest(), 404, { error: { code: 'unknown-stream', message: 'No such stream.' } });
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'kept' });
    expect(result.error).toMatchObject({ code: 'http', status: 404, serverCode: 'unknown-stream' });
  });

  test('reconnects are bounded: after maxReconnects failures in a row the stream ends with a network error', async () => {
    const limited = createStreamingStore({
      transport: httpTransport({ api: server.url, reconnectDelayMs: 5, maxReconnects: 3 }),
      throttle: false,
    });
    const handle = await startThenDrop(limited, ['x']);
    for (let i = 0; i < 3; i++) (await server.nextRequest()).destroy();
    const result = await limited.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'x', reconnects: 1 });
    expect(result.error?.code).toBe('network');
  });

  test('a stream whose route numbers no events is not resumed: a drop is a network error, as before', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const post = await server.nextRequest();
    post.send({ type: 'start', messageId: 'plain' });
    post.sendText('Half');
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('Half'));
    post.destroy();
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'Half', reconnects: 0 });
    expect(result.error?.code).toBe('network');
  });

  test('a stop while it waits to reconnect reaches the route and reads the end at once', async () => {
    const slow = createStreamingStore({
      transport: httpTransport({ api: server.url, reconnectDelayMs: 5_000 }),
      throttle: false,
    });
    const handle = await startThenDrop(slow, ['x']);
    await vi.waitFor(() => expect(slow.getView(handle).reconnecting).toBe(true));
    const started = performance.now();
    const ending = slow.end(handle, { abort: true });
    const stop = await server.nextRequest();
    expect(stop.method).toBe('DELETE');
    answerJson(stop, 200, { stopped: true });
    // The wait is cut short: the stream's end is read at once.
    const final = await server.nextRequest();
    expect(final.headers['last-event-id']).toBe('3');
    final.sendEvent(4, { type: 'abort', reason: 'stopped by a client' });
    final.end('data: [DONE]\n\n');
    expect(await ending).toMatchObject({ status: 'aborted', text: 'x' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('a durable stream has one identity: any reader attaches to it, and a stop reaches its source', () => {
  test('another store attaches by handle and reads the stream from its first event', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const post = await server.nextRequest();
    sendDurable(post, ['Shared']);
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('Shared'));

    const otherTab = createStreamingStore({ transport: httpTransport({ api: server.url }), throttle: false });
    expect(otherTab.attach(handle)).toBe(handle);
    const read = await server.nextRequest();
    expect(read.method).toBe('GET');
    expect(read.url).toBe(`/api/stream/${handle}`);
    expect(read.headers['last-event-id']).toBeUndefined();
    sendDurable(read, ['Shared']);
    for (const request of [post, read]) {
      request.sendEvent(4, text(' answer'));
      finishEvents(request, 5);
    }
    expect(await otherTab.end(handle)).toMatchObject({ status: 'done', text: 'Shared answer' });
    expect(await store.end(handle)).toMatchObject({ status: 'done', text: 'Shared answer' });
  });

  test('attach refuses a malformed handle, and a transport that cannot attach', () => {
    expect(() => store.attach('not a handle!')).toThrow(
      expect.objectContaining({ code: 'invalid-input', field: 'handle' }),
    );
    const manual = createStreamingStore({ transport: { run: async () => {} } });
    expect(() => manual.attach('abcdefghijklmnop')).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });

  test('end with abort asks the route to stop (DELETE) and resolves with its final state', async () => {
    const handle = store.start({ prompt: 'Hi', headers: { authorization: 'Bearer user-1' } });
    const post = await server.nextRequest();
    sendDurable(post, ['Partial']);
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('Partial'));
    const ending = store.end(handle, { abort: true });
    const stop = await server.nextRequest();
    expect({ method: stop.method, url: stop.url }).toEqual({ method: 'DELETE', url: `/api/stream/${handle}` });
    // The stop carries the credentials the stream was started with.
    expect(stop.headers.authorization).toBe('Bearer user-1');
    answerJson(stop, 200, { stopped: true });
    // What the generation wrote before it stopped still arrives; then the route's end.
    post.sendEvent(4, text(' text'));
    post.sendEvent(5, { type: 'abort', reason: 'stopped by a client' });
    post.end('data: [DONE]\n\n');
    const result = await ending;
    expect(result).toMatchObject({ status: 'aborted', text: 'Partial text' });
    expect(result.error?.message).toContain('stopped by a client');
  });

  test('end with a timeout that runs out ends the stream here at once, and asks the route to stop it too', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const post = await server.nextRequest();
    sendDurable(post, ['Partial']);
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('Partial'));
    const result = await store.end(handle, { timeoutMs: 20 });
    expect(result).toMatchObject({ status: 'error', text: 'Partial', error: { code: 'timeout' } });
    const stop = await server.nextRequest();
    expect({ method: stop.method, url: stop.url }).toEqual({ method: 'DELETE', url: `/api/stream/${handle}` });
    answerJson(stop, 200, { stopped: true });
  });

  test('a route that refuses the stop: the stream is aborted here, as a stream without a log', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const post = await server.nextRequest();
    sendDurable(post, ['Partial']);
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('Partial'));
    const ending = store.end(handle, { abort: true });
    const stop = await server.nextRequest();
    answerJson(stop, 500, {});
    expect(await ending).toMatchObject({ status: 'aborted', text: 'Partial', error: undefined });
    await post.clientGone;
  });
});
