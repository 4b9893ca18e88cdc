import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { createStreamHandler, memoryStreamLog, type StreamLog } from '@tokenflow/streaming/server';
import { DefaultChatTransport, type UIMessageChunk } from 'ai';
import { describe, expect, test, vi } from 'vitest';
import { controlledModel, modelParts } from '../../support/mock-model.js';

// The log failing under a reader (Redis gone) is the store's failure, not the model's: the error chunk carries the
// route's code `log-unavailable`, which our client reads as a retryable drop and any AI SDK client ignores.

const API = 'http://route.test/api/stream';

/** A memory log that can be made to fail: reads under way throw at their next event, new reads and looks throw. */
function breakableLog() {
  const inner = memoryStreamLog();
  let broken = false;
  const check = () => {
    if (broken) throw new Error('The store went away.');
  };
  const log: StreamLog = {
    ...inner,
    async info(id) {
      check();
      return inner.info(id);
    },
    async read(id, after, signal) {
      check();
      const events = await inner.read(id, after, signal);
      if (events === undefined) return undefined;
      return (async function* () {
        for await (const event of events) {
          check();
          yield event;
        }
      })();
    },
  };
  return {
    log,
    set broken(value: boolean) {
      broken = value;
    },
  };
}

function durableRoute() {
  const feed = controlledModel();
  const store = breakableLog();
  const handler = createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', log: store.log, onError() {} });
  const fetchRoute = async (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init));
  return { feed, store, fetchRoute };
}

const head = modelParts([]).slice(0, 3);
const delta = (text: string) => ({ type: 'text-delta' as const, id: 't1', delta: text });
const ending = modelParts([]).slice(3);

describe('the log failing mid-stream', () => {
  test('reaches our client as a retryable network error with serverCode log-unavailable, not a provider error', async () => {
    const { feed, store, fetchRoute } = durableRoute();
    const client = createStreamingStore({
      transport: httpTransport({ api: API, fetch: fetchRoute as typeof fetch, maxReconnects: 0 }),
      throttle: false,
    });
    const handle = client.start({ prompt: 'Hi' });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...head, delta('Before'));
    await vi.waitFor(() => expect(client.getView(handle).text).toBe('Before'));
    store.broken = true;
    feed.push(delta(' lost'));
    const result = await client.end(handle);
    expect(result).toMatchObject({ status: 'error', text: 'Before' });
    expect(result.error).toMatchObject({ code: 'network', serverCode: 'log-unavailable', retryable: true });
    expect(result.error?.message).not.toMatch(/provider/i);
  });

  test('a store that is back when the client reconnects: the stream resumes, every token once', async () => {
    const { feed, store, fetchRoute } = durableRoute();
    const client = createStreamingStore({
      transport: httpTransport({ api: API, fetch: fetchRoute as typeof fetch, reconnectDelayMs: 10 }),
      throttle: false,
    });
    const handle = client.start({ prompt: 'Hi' });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...head, delta('one'));
    await vi.waitFor(() => expect(client.getView(handle).text).toBe('one'));
    store.broken = true;
    feed.push(delta(' two'));
    await vi.waitFor(() => expect(client.getView(handle).reconnecting).toBe(true));
    store.broken = false;
    feed.push(delta(' three'), ...ending);
    feed.close();
    expect(await client.end(handle)).toMatchObject({ status: 'done', text: 'one two three', tokenCount: 3 });
  });

  test("the AI SDK's own chat transport reads that error chunk as an error chunk (the extra code is ignored)", async () => {
    const { feed, store, fetchRoute } = durableRoute();
    const transport = new DefaultChatTransport({ api: API, fetch: fetchRoute });
    const stream = await (async () => {
      const sending = transport.sendMessages({
        chatId: 'chat-log-failure-01',
        messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }],
        trigger: 'submit-message',
        messageId: undefined,
        abortSignal: undefined,
      });
      await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
      feed.push(...head, delta('Before'));
      return sending;
    })();
    const chunks: UIMessageChunk[] = [];
    const reader = stream.getReader();
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
      if (next.value.type === 'text-delta') {
        store.broken = true;
        feed.push(delta(' lost'));
      }
    }
    expect(chunks.map((chunk) => chunk.type)).toEqual(['start', 'start-step', 'text-start', 'text-delta', 'error']);
    expect(chunks.at(-1)).toMatchObject({ type: 'error', errorText: expect.stringMatching(/stream store/) });
  });
});
