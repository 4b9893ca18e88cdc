// @vitest-environment jsdom

import { useChat } from '@ai-sdk/react';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { createStreamHandler, memoryStreamLog } from '@tokenflow/streaming/server';
import { DefaultChatTransport, type UIMessage } from 'ai';
import { afterEach, describe, expect, test } from 'vitest';
import { controlledModel, modelParts } from '../../packages/streaming/test/support/mock-model.js';
import { serveRoute } from '../support/serve-route.js';
import { startTcpLink } from '../support/tcp-link.js';

// The AI SDK's own useChat against our route with its default log, over real HTTP: a connection reset mid-answer,
// then useChat's resume (its `resumeStream()`, and `resume: true` on a page loaded again), which asks
// `GET <api>/<chatId>/stream`.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  cleanup();
  for (const close of closers.splice(0).reverse()) await close();
});

const CHAT = 'use-chat-resume-0001';
const head = modelParts([]).slice(0, 3);
const delta = (text: string) => ({ type: 'text-delta' as const, id: 't1', delta: text });
const ending = modelParts([]).slice(3);

/** Our route with a memory log, behind a TCP link that can reset its connections; it notes each request's answer. */
async function chatRoute() {
  const feed = controlledModel();
  const log = memoryStreamLog();
  const handler = createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', log });
  const requests: string[] = [];
  const served = await serveRoute(async (request) => {
    const response = await handler(request);
    requests.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
    return response;
  });
  const link = await startTcpLink(Number(new URL(served.url).port));
  closers.push(
    served.close,
    () => link.close(),
    () => log.close(),
  );
  const api = link.url(served.url);
  const transport = new DefaultChatTransport({ api });
  return { feed, requests, link, api, transport };
}

const textOf = (message: UIMessage | undefined) =>
  (message?.parts ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');

describe("the AI SDK's useChat resumes a stream of our route", () => {
  test('resumeStream() after a reset connection: the one assistant message gets the whole answer', async () => {
    const { feed, link, transport, requests } = await chatRoute();
    const { result } = renderHook(() => useChat({ id: CHAT, transport }));
    act(() => void result.current.sendMessage({ text: 'Hi' }));
    await waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...head, delta('Hello'));
    await waitFor(() => expect(textOf(result.current.messages[1])).toBe('Hello'));

    link.reset();
    await waitFor(() => expect(result.current.status).toBe('error'));
    feed.push(delta(' wor'));
    act(() => void result.current.resumeStream());
    await waitFor(() => expect(textOf(result.current.messages[1])).toBe('Hello wor'));
    feed.push(delta('ld'), ...ending);
    feed.close();
    await waitFor(() => expect(result.current.status).toBe('ready'));

    expect(result.current.error).toBeUndefined();
    expect(result.current.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(textOf(result.current.messages[1])).toBe('Hello world');
    expect(result.current.messages[1]?.metadata).toMatchObject({ finishReason: 'stop', usage: { totalTokens: 15 } });
    expect(feed.calls[0]?.abortSignal?.aborted).toBe(false);
    expect(requests).toEqual(['POST /api/stream 200', `GET /api/stream/${CHAT}/stream 200`]);
  });

  test('useChat({ resume: true }) on a page loaded again picks the running answer up; with nothing running, a 204 and nothing happens', async () => {
    const { feed, transport, requests } = await chatRoute();
    const first = renderHook(() => useChat({ id: CHAT, transport }));
    act(() => void first.result.current.sendMessage({ text: 'Hi' }));
    await waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...head, delta('Before the reload'));
    await waitFor(() => expect(textOf(first.result.current.messages[1])).toBe('Before the reload'));
    const userMessage = first.result.current.messages[0] as UIMessage;
    // The page goes away (its request with it), and comes back with the messages it had saved.
    first.unmount();
    const again = renderHook(() => useChat({ id: CHAT, transport, resume: true, messages: [userMessage] }));
    await waitFor(() => expect(textOf(again.result.current.messages[1])).toBe('Before the reload'));
    feed.push(delta(', and after'), ...ending);
    feed.close();
    await waitFor(() => expect(again.result.current.status).toBe('ready'));
    expect(again.result.current.messages.map((message) => textOf(message))).toEqual([
      'Hi',
      'Before the reload, and after',
    ]);

    const idle = renderHook(() => useChat({ id: 'use-chat-nothing-runs', transport, resume: true }));
    await waitFor(() => expect(requests).toContain('GET /api/stream/use-chat-nothing-runs/stream 204'));
    // The finished chat has nothing to resume either: its answer is the app's to keep, not replayed.
    const finished = renderHook(() => useChat({ id: CHAT, transport, resume: true, messages: [userMessage] }));
    await waitFor(() => expect(requests).toContain(`GET /api/stream/${CHAT}/stream 204`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const { result } of [idle, finished]) {
      expect(result.current.status).toBe('ready');
      expect(result.current.error).toBeUndefined();
    }
    expect(idle.result.current.messages).toEqual([]);
    expect(finished.result.current.messages).toEqual([userMessage]);
  });
});
