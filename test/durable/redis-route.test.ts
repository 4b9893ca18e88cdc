import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { createStreamHandler, redisStreamLog, type StreamLog } from '@tokenflow/streaming/server';
import { DefaultChatTransport, type UIMessageChunk } from 'ai';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { controlledModel, modelParts } from '../../packages/streaming/test/support/mock-model.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { serveRoute } from '../support/serve-route.js';

// Two instances of the route, each with its own Redis client and model, sharing one real redis-server.

let redis: TestRedis;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  await redis.stop();
});

async function instance(ttlSeconds = 60) {
  const client = createClient({ url: redis.url });
  client.on('error', () => {});
  await client.connect();
  const log: StreamLog = redisStreamLog({ client, keyPrefix: 'test', ttlSeconds });
  const feed = controlledModel();
  const served = await serveRoute(createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', log }));
  closers.push(
    () => client.quit(),
    () => log.close(),
    () => served.close(),
  );
  return { feed, url: served.url };
}

const head = modelParts([]).slice(0, 3);
const delta = (text: string) => ({ type: 'text-delta' as const, id: 't1', delta: text });

describe('two route instances sharing one Redis', () => {
  test('a stream started on A is read on B and stopped from B: the model call on A closes at once', async () => {
    const [a, b] = [await instance(), await instance()];
    const onA = createStreamingStore({ transport: httpTransport({ api: a.url }), throttle: false });
    const handle = onA.start({ prompt: 'Hi' });
    await vi.waitFor(() => expect(a.feed.calls).toHaveLength(1));
    a.feed.push(...head, delta('Started on A'));
    await vi.waitFor(() => expect(onA.getView(handle).text).toBe('Started on A'));

    const onB = createStreamingStore({ transport: httpTransport({ api: b.url }), throttle: false });
    onB.attach(handle);
    a.feed.push(delta(', read on B'));
    await vi.waitFor(() => expect(onB.getView(handle).text).toBe('Started on A, read on B'));

    const stoppedAt = performance.now();
    const stopped = await onB.end(handle, { abort: true });
    const reachedA = await vi.waitFor(() => {
      expect(a.feed.calls[0]?.abortSignal?.aborted).toBe(true);
      return performance.now() - stoppedAt;
    });
    console.log(`[durable] a stop on B reached the model call on A in ${reachedA.toFixed(1)} ms`);
    expect(reachedA).toBeLessThan(1_000);
    expect(stopped).toMatchObject({ status: 'aborted', text: 'Started on A, read on B' });
    expect(await onA.end(handle)).toMatchObject({ status: 'aborted', text: 'Started on A, read on B' });
    expect(b.feed.calls).toHaveLength(0);
  });

  test('a finished stream replays whole on B within the TTL; after it, B answers 404 to a read and to a stop', async () => {
    const [a, b] = [await instance(1), await instance(1)];
    const onA = createStreamingStore({ transport: httpTransport({ api: a.url }), throttle: false });
    const handle = onA.start({ prompt: 'Hi' });
    await vi.waitFor(() => expect(a.feed.calls).toHaveLength(1));
    a.feed.push(...head, delta('Kept for a second'), ...modelParts([]).slice(3));
    a.feed.close();
    expect(await onA.end(handle)).toMatchObject({ status: 'done', text: 'Kept for a second' });

    const late = await fetch(`${b.url}/${handle}`);
    expect(late.status).toBe(200);
    expect(await late.text()).toContain('"delta":"Kept for a second"');
    // Redis expires the keys a second after the last write.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const method of ['GET', 'DELETE']) {
      const gone = await fetch(`${b.url}/${handle}`, { method });
      expect([method, gone.status, ((await gone.json()) as { error: { code: string } }).error.code]).toEqual([
        method,
        404,
        'unknown-stream',
      ]);
    }
  });
});

describe("useChat's resume request across instances", () => {
  test("a chat's answer started on A is resumed whole through B, and B answers 204 once it is over", async () => {
    const [a, b] = [await instance(), await instance()];
    const chatId = `chat-across-${process.pid}-0001`;
    const onA = new DefaultChatTransport({ api: a.url });
    const onB = new DefaultChatTransport({ api: b.url });
    const sending = onA.sendMessages({
      chatId,
      messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }],
      trigger: 'submit-message',
      messageId: undefined,
      abortSignal: undefined,
    });
    await vi.waitFor(() => expect(a.feed.calls).toHaveLength(1));
    a.feed.push(...head, delta('Started on A'));
    // The client reads the first chunks, then its connection is gone.
    const first = (await sending).getReader();
    while ((await first.read()).value?.type !== 'text-delta');
    await first.cancel();

    const resumed = await onB.reconnectToStream({ chatId });
    expect(resumed).not.toBeNull();
    const chunks: UIMessageChunk[] = [];
    const reading = (resumed as ReadableStream<UIMessageChunk>).pipeTo(
      new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
    );
    a.feed.push(delta(', resumed on B'), ...modelParts([]).slice(3));
    a.feed.close();
    await reading;
    expect(chunks.map((chunk) => (chunk.type === 'text-delta' ? chunk.delta : '')).join('')).toBe(
      'Started on A, resumed on B',
    );
    expect(chunks[0]).toMatchObject({ type: 'start' });
    expect(chunks.at(-1)).toMatchObject({ type: 'finish' });
    expect(await onB.reconnectToStream({ chatId })).toBeNull();
    expect(b.feed.calls).toHaveLength(0);
  });
});

/**
 * A route on a redis-server of its own (to be killed), with a client that keeps trying to reconnect and a log whose
 * commands give up after 500 ms. `close` stops all of it, whether Redis is up or not.
 */
async function routeOnItsOwnRedis() {
  const server = await startRedis();
  const client = createClient({ url: server.url, socket: { reconnectStrategy: () => 100 } });
  client.on('error', () => {});
  await client.connect();
  const log = redisStreamLog({ client, commandTimeoutMs: 500 });
  const feed = controlledModel();
  const served = await serveRoute(createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', log }));
  const close = async () => {
    await served.close();
    await log.close();
    // Not quit: with the server gone, a quit waits for a connection that does not come back.
    client.destroy();
    await server.stop();
  };
  return { server, feed, served, close };
}

describe('Redis down', () => {
  test('Redis killed mid-stream: the reader ends with a typed error and its partial text, the model call stops, nothing hangs', async () => {
    const { server, feed, served, close } = await routeOnItsOwnRedis();
    try {
      const store = createStreamingStore({
        transport: httpTransport({ api: served.url, reconnectDelayMs: 50, maxReconnects: 2 }),
        throttle: false,
      });
      const handle = store.start({ prompt: 'Hi' });
      await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
      feed.push(...head, delta('Before the crash'));
      await vi.waitFor(() => expect(store.getView(handle).text).toBe('Before the crash'));
      await server.kill();
      const killedAt = performance.now();
      feed.push(delta(' lost'));
      const result = await store.end(handle, { timeoutMs: 15_000 });
      console.log(`[durable] Redis killed: the reader ended ${(performance.now() - killedAt).toFixed(0)} ms later`);
      expect(result.status).toBe('error');
      // The store failed, not the model: the error says so. The transport took it for a drop and tried to resume
      // (twice here), and the route answered those reads with its 503 while Redis stayed down.
      expect(result.error).toMatchObject({ code: 'http', status: 503, serverCode: 'log-unavailable', retryable: true });
      expect(result.error?.message).not.toMatch(/provider/i);
      expect(result.text.startsWith('Before the crash')).toBe(true);
      await vi.waitFor(() => expect(feed.calls[0]?.abortSignal?.aborted).toBe(true), { timeout: 5_000 });
    } finally {
      await close();
    }
  }, 30_000);

  test('a read or a start gets a 503 JSON while Redis is down, and works again once it is back', async () => {
    const { server, feed, served, close } = await routeOnItsOwnRedis();
    try {
      await server.kill();
      const read = await fetch(`${served.url}/some-stream-id-0001`);
      expect([read.status, ((await read.json()) as { error: { code: string } }).error.code]).toEqual([
        503,
        'log-unavailable',
      ]);
      const start = await fetch(served.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'Hi' }),
        signal: AbortSignal.timeout(5_000),
      });
      expect(start.status).toBe(503);
      expect(feed.calls).toHaveLength(0);
      await server.restart();
      await vi.waitFor(async () => expect((await fetch(`${served.url}/some-stream-id-0001`)).status).toBe(404), {
        timeout: 5_000,
      });
    } finally {
      await close();
    }
  }, 20_000);
});
