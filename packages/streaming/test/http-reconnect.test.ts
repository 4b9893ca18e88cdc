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
const DURABLE_HEAD = [
  { type: 'start', messageId: 'stream-1' },
  { type: 'start-step' },
  { type: 'text-start', id: 't' },
];

/** Sends the start of a durable stream and then these deltas, numbered on from the head. */
function sendDurable(request: PendingResponse, deltas: string[], from = 0) {
  if (from === 0) for (const [i, chunk] of DURABLE_HEAD.entries()) request.sendEvent(i, chunk);
  for (const [i, delta] of deltas.entries()) request.sendEvent(from + DURABLE_HEAD.length + i, text(delta));
}

const finishEvents = (request: PendingResponse, id: number) => {
  request.sendEvent(id, { type: 'text-end', id: 't' });
  request.sendEvent(id + 1, { type: 'finish', finishReason: 'stop' });
  request.end('data: [DONE]\n\n');
};

describe('a durable stream survives a dropped connection', () => {
  test('after a drop the transport resumes after the last event it read: every token once, in order', async () => {
    const handle = store.start({ prompt: 'Hi' });
    const post = await server.nextRequest();
    sendDurable(post, ['One', ' two']);
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('One two'));
    post.destroy();

    const resume = await server.nextRequest();
    expect(resume.method).toBe('GET');
    expect(resume.url).toBe('/api/stream/stream-1');
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
    const handle = store.start({ prompt: 'Hi' });
    const post = await server.nextRequest();
    sendDurable(post, ['a']);
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('a'));
    post.destroy();
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
    const handle = store.start({ prompt: 'Hi' });
    const post = await server.nextRequest();
    sendDurable(post, ['kept']);
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('kept'));
    post.destroy();
    const restarting = await server.nextRequest();
    restarting.open(503, { 'content-type': 'application/json' });
    restarting.end(JSON.stringify({ error: { code: 'log-unavailable', message: 'Down', retryable: true } }));
    const gone = await server.nextRequest();
    gone.open(404, { 'content-type': 'application/json' });
    gone.end(JSON.stringify({ error: { code: 'unknown-stream', message: 'No such stream.' } }));
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'kept' });
    expect(result.error).toMatchObject({ code: 'http', status: 404, serverCode: 'unknown-stream' });
  });

  test('reconnects are bounded: after maxReconnects failures in a row the stream ends with a network error', async () => {
    const limited = createStreamingStore({
      transport: httpTransport({ api: server.url, reconnectDelayMs: 5, maxReconnects: 3 }),
      throttle: false,
    });
    const handle = limited.start({ prompt: 'Hi' });
    const post = await server.nextRequest();
    sendDurable(post, ['x']);
    await vi.waitFor(() => expect(limited.getView(handle).text).toBe('x'));
    post.destroy();
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

  test('a stop while it waits to reconnect ends it at once, with no further request', async () => {
    const slow = createStreamingStore({
      transport: httpTransport({ api: server.url, reconnectDelayMs: 5_000 }),
      throttle: false,
    });
    const handle = slow.start({ prompt: 'Hi' });
    const post = await server.nextRequest();
    sendDurable(post, ['x']);
    await vi.waitFor(() => expect(slow.getView(handle).text).toBe('x'));
    post.destroy();
    await vi.waitFor(() => expect(slow.getView(handle).reconnecting).toBe(true));
    const started = performance.now();
    const result = await slow.end(handle, { abort: true });
    expect(result).toMatchObject({ status: 'aborted', text: 'x' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
