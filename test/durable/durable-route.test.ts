import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { createStreamHandler, memoryStreamLog, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { controlledModel, modelParts } from '../../packages/streaming/test/support/mock-model.js';
import { serveRoute } from '../support/serve-route.js';
import { startTcpLink, type TcpLink } from '../support/tcp-link.js';

// A route with a log, over real HTTP: the generation is detached from the request, readers resume by
// Last-Event-ID, and a stop reaches the model call from any client.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function durableRoute(options: Pick<StreamHandlerOptions, 'authorize' | 'onStart'> & { ttlMs?: number } = {}) {
  const feed = controlledModel();
  const log = memoryStreamLog(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs });
  const { ttlMs: _, ...hooks } = options;
  const handler = createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', log, ...hooks });
  const served = await serveRoute(handler);
  const link: TcpLink = await startTcpLink(Number(new URL(served.url).port));
  closers.push(
    served.close,
    () => link.close(),
    () => log.close(),
  );
  return { feed, log, url: served.url, linkedUrl: link.url(served.url), link };
}

const head = modelParts([]).slice(0, 3);
const delta = (text: string) => ({ type: 'text-delta' as const, id: 't1', delta: text });
const ending = modelParts([]).slice(3);

describe('a route with a log', () => {
  test('numbers its events, names the stream by the proposed id, and a late reader replays it whole', async () => {
    const { feed, url } = await durableRoute();
    const store = createStreamingStore({ transport: httpTransport({ api: url }), throttle: false });
    const handle = store.start({ prompt: 'Hi' });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...head, delta('Hello'), delta(' world'), ...ending);
    feed.close();
    expect(await store.end(handle)).toMatchObject({ status: 'done', text: 'Hello world' });

    const raw = await (await fetch(`${url}/${handle}`)).text();
    expect(raw).toMatch(/^id: 0\ndata: \{"type":"start","messageId":"[\w-]+"/);
    expect(raw).toContain(`"messageId":"${handle}"`);
    const late = createStreamingStore({ transport: httpTransport({ api: url }), throttle: false });
    late.attach(handle);
    expect(await late.end(handle)).toMatchObject({ status: 'done', text: 'Hello world', usage: { totalTokens: 15 } });
  });

  test('a dropped connection is not a stop: the client resumes and gets every token once', async () => {
    const { feed, linkedUrl, link } = await durableRoute();
    const store = createStreamingStore({
      transport: httpTransport({ api: linkedUrl, reconnectDelayMs: 20 }),
      throttle: false,
    });
    const handle = store.start({ prompt: 'Hi' });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...head, delta('one'));
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('one'));
    link.reset();
    feed.push(delta(' two'));
    await vi.waitFor(() => expect(store.getView(handle).reconnects).toBe(1));
    feed.push(delta(' three'), ...ending);
    feed.close();
    const result = await store.end(handle);
    expect(result).toMatchObject({ status: 'done', text: 'one two three', tokenCount: 3, reconnects: 1 });
    expect(feed.calls[0]?.abortSignal?.aborted).toBe(false);
  });

  test('a stop from another client reaches the model call; every reader ends aborted with the text generated', async () => {
    const { feed, url } = await durableRoute();
    const starter = createStreamingStore({ transport: httpTransport({ api: url }), throttle: false });
    const handle = starter.start({ prompt: 'Hi' });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...head, delta('Partial'));
    await vi.waitFor(() => expect(starter.getView(handle).text).toBe('Partial'));
    const otherTab = createStreamingStore({ transport: httpTransport({ api: url }), throttle: false });
    otherTab.attach(handle);
    await vi.waitFor(() => expect(otherTab.getView(handle).text).toBe('Partial'));
    const stoppedAt = performance.now();
    const stopped = await otherTab.end(handle, { abort: true });
    expect(feed.calls[0]?.abortSignal?.aborted).toBe(true);
    expect(performance.now() - stoppedAt).toBeLessThan(1_000);
    expect(stopped).toMatchObject({ status: 'aborted', text: 'Partial' });
    expect(await starter.end(handle)).toMatchObject({ status: 'aborted', text: 'Partial' });
  });

  test('bad reads and stops get 4xx JSON and touch no model', async () => {
    const { feed, url } = await durableRoute();
    const status = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${url}${path}`, init);
      return [response.status, ((await response.json()) as { error?: { code: string } }).error?.code];
    };
    expect(await status('/unknown-stream-0001')).toEqual([404, 'unknown-stream']);
    expect(await status('/bad')).toEqual([400, 'invalid-request']);
    expect(await status('/unknown-stream-0001', { method: 'DELETE' })).toEqual([404, 'unknown-stream']);
    expect(await status('/unknown-stream-0001', { headers: { 'last-event-id': 'x' } })).toEqual([
      400,
      'invalid-request',
    ]);
    expect(feed.calls).toHaveLength(0);
  });

  test("another user's stream (onStart binds ids to users, authorize checks) is a 403 to read or stop; an expired one a 404", async () => {
    // The app's rule: a stream is its starter's (the user is the x-user header here; a session in a real app).
    const owners = new Map<string, string>();
    const userOf = (request: Request) => request.headers.get('x-user') ?? '';
    const { feed, url } = await durableRoute({
      ttlMs: 100,
      onStart: ({ streamId, request }) => {
        owners.set(streamId, userOf(request));
      },
      authorize: (request, access) => access.action === 'start' || owners.get(access.streamId) === userOf(request),
    });
    const id = 'owned-by-alice-00001';
    const started = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user': 'alice' },
      body: JSON.stringify({ prompt: 'Hi', streamId: id }),
    });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...head, delta('Secret'));
    await started;
    const as = (user: string, init: RequestInit = {}) =>
      fetch(`${url}/${id}`, { ...init, headers: { 'x-user': user } }).then(async (response) => [
        response.status,
        ((await response.json()) as { error?: { code: string } }).error?.code,
      ]);
    expect(await as('mallory')).toEqual([403, 'forbidden']);
    expect(await as('mallory', { method: 'DELETE' })).toEqual([403, 'forbidden']);
    expect(feed.calls[0]?.abortSignal?.aborted).toBe(false);
    feed.push(...ending);
    feed.close();
    // Finished, then kept for the TTL (100 ms here): after it, nobody can read it, its owner included.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await as('alice')).toEqual([404, 'unknown-stream']);
  });
});
