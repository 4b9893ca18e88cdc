import { createStreamHandler, type StreamAccess, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { DefaultChatTransport, type UIMessageChunk } from 'ai';
import { describe, expect, test, vi } from 'vitest';
import { controlledModel, modelParts } from '../../support/mock-model.js';

// The AI SDK's own chat transport (what useChat uses) against the route: its POST makes the stream the chat's
// current one, and its resume request, `GET <api>/<chatId>/stream`, gets that stream whole while it runs, or a 204.

const API = 'http://route.test/api/chat';
const CHAT = 'chat-resume-test-0001';
const head = modelParts([]).slice(0, 3);
const delta = (text: string) => ({ type: 'text-delta' as const, id: 't1', delta: text });
const ending = modelParts([]).slice(3);

function chatRoute(options: Partial<StreamHandlerOptions> = {}) {
  const feed = controlledModel();
  const handler = createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', ...options });
  const fetchRoute = async (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init));
  const transport = new DefaultChatTransport({ api: API, fetch: fetchRoute });
  /**
   * Sends a user message as useChat does (its chat id as `id`); once the model is called, it sends `first` (the
   * route answers at the first content), and ends if that is the whole answer.
   */
  type Part = Parameters<typeof feed.push>[0];
  const send = async (text: string, first: Part[], chatId = CHAT, abortSignal?: AbortSignal) => {
    const calls = feed.calls.length;
    const sending = transport.sendMessages({
      chatId,
      messages: [{ id: `u-${calls}`, role: 'user', parts: [{ type: 'text', text }] }],
      trigger: 'submit-message',
      messageId: undefined,
      abortSignal,
    });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(calls + 1));
    feed.push(...first);
    if (first.at(-1)?.type === 'finish') feed.close();
    return sending;
  };
  return { feed, handler, fetchRoute, transport, send };
}

/** Reads chunks until `until` says stop (then the reader is cancelled: a dropped connection) or the stream ends. */
async function readChunks(stream: ReadableStream<UIMessageChunk>, until: (chunk: UIMessageChunk) => boolean) {
  const chunks: UIMessageChunk[] = [];
  const reader = stream.getReader();
  for (;;) {
    const next = await reader.read();
    if (next.done) return chunks;
    chunks.push(next.value);
    if (until(next.value)) {
      await reader.cancel();
      return chunks;
    }
  }
}

const textOf = (chunks: UIMessageChunk[]) =>
  chunks.map((chunk) => (chunk.type === 'text-delta' ? chunk.delta : '')).join('');
const messageIdOf = (chunks: UIMessageChunk[]) => chunks.find((chunk) => chunk.type === 'start')?.messageId;

describe("useChat's resume request", () => {
  test('after a dropped connection, reconnectToStream replays the running answer whole, then follows it to the end', async () => {
    const { feed, transport, send } = chatRoute();
    const dropped = new AbortController();
    const stream = await send('Hi', [...head, delta('Hello')], CHAT, dropped.signal);
    const before = await readChunks(stream, (chunk) => chunk.type === 'text-delta');
    dropped.abort();
    expect(textOf(before)).toBe('Hello');
    // The drop stopped nothing: the answer goes on while nobody reads it.
    feed.push(delta(' wor'));

    const resumed = await transport.reconnectToStream({ chatId: CHAT });
    expect(resumed).not.toBeNull();
    const reading = readChunks(resumed as ReadableStream<UIMessageChunk>, () => false);
    feed.push(delta('ld'), ...ending);
    feed.close();
    const after = await reading;
    expect(after[0]).toEqual({ type: 'start', messageId: messageIdOf(before) });
    expect(textOf(after)).toBe('Hello world');
    expect(after.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    expect(feed.calls[0]?.abortSignal?.aborted).toBe(false);
  });

  test('204 and no body when nothing runs: no stream yet, a finished one; the newest stream is the one resumed', async () => {
    const { fetchRoute, transport, send } = chatRoute();
    const raw = await fetchRoute(`${API}/${CHAT}/stream`);
    expect([raw.status, await raw.text()]).toEqual([204, '']);
    expect(await transport.reconnectToStream({ chatId: CHAT })).toBeNull();

    const first = await send('Hi', [...head, delta('First'), ...ending]);
    const firstChunks = await readChunks(first, () => false);
    expect(await transport.reconnectToStream({ chatId: CHAT })).toBeNull();

    const second = await send('Again', [...head, delta('Second')]);
    const secondChunks = await readChunks(second, (chunk) => chunk.type === 'text-delta');
    const resumed = await readChunks(
      (await transport.reconnectToStream({ chatId: CHAT })) as ReadableStream<UIMessageChunk>,
      (chunk) => chunk.type === 'text-delta',
    );
    expect(messageIdOf(resumed)).toBe(messageIdOf(secondChunks));
    expect(messageIdOf(resumed)).not.toBe(messageIdOf(firstChunks));
    expect(textOf(resumed)).toBe('Second');
    // Another chat has nothing.
    expect(await transport.reconnectToStream({ chatId: 'another-chat-00001' })).toBeNull();
  });

  test('authorize learns a read of the stream, by its chat; a refusal is a 403 JSON; a 204 reads nothing', async () => {
    const seen: StreamAccess[] = [];
    let allow = true;
    const { fetchRoute, send } = chatRoute({
      authorize: (_request, access) => {
        seen.push(access);
        return allow;
      },
    });
    expect((await fetchRoute(`${API}/${CHAT}/stream`)).status).toBe(204);
    expect(seen).toEqual([]);
    const stream = await send('Hi', [...head, delta('Hello')]);
    const streamId = messageIdOf(await readChunks(stream, (chunk) => chunk.type === 'text-delta'));
    allow = false;
    const refused = await fetchRoute(`${API}/${CHAT}/stream`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(seen.at(-1)).toEqual({ action: 'read', streamId, chatId: CHAT });
  });

  test("DELETE <api>/<chatId>/stream stops the chat's stream, wherever it runs; 404 for a chat with none", async () => {
    const { feed, fetchRoute, send } = chatRoute();
    const missing = await fetchRoute(`${API}/${CHAT}/stream`, { method: 'DELETE' });
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([
      404,
      'unknown-stream',
    ]);
    const stream = await send('Hi', [...head, delta('Partial')]);
    const reading = readChunks(stream, () => false);
    const stop = await fetchRoute(`${API}/${CHAT}/stream`, { method: 'DELETE' });
    expect([stop.status, await stop.json()]).toEqual([200, { stopped: true, over: false }]);
    expect(feed.calls[0]?.abortSignal?.aborted).toBe(true);
    const chunks = await reading;
    expect(textOf(chunks)).toBe('Partial');
    expect(chunks.at(-1)?.type).toBe('abort');
  });

  test('bad chat ids and escapes are 400 JSON; a chat id that cannot be named is served, not remembered', async () => {
    const { feed, fetchRoute, send } = chatRoute();
    for (const path of ['/short/stream', '/has%20a%20space%20in%20it/stream', '/%E0%A4%A/stream', '/%E0%A4%A']) {
      const response = await fetchRoute(`${API}${path}`);
      expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([
        400,
        'invalid-request',
      ]);
    }
    const stream = await send('Hi', [...head, delta('Still served'), ...ending], 'chat:42');
    expect(textOf(await readChunks(stream, () => false))).toBe('Still served');
    expect(feed.calls).toHaveLength(1);
  });

  test('a route without a log answers the resume path as before: 405', async () => {
    const { fetchRoute } = chatRoute({ log: false });
    const response = await fetchRoute(`${API}/${CHAT}/stream`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
