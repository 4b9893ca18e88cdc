// @vitest-environment jsdom

import { createOpenAI } from '@ai-sdk/openai';
import { useChat } from '@ai-sdk/react';
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import { createStreamHandler, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { DefaultChatTransport, type UIMessage } from 'ai';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { EXPECTED_USAGE, mockModel, modelParts } from '../packages/streaming/test/support/mock-model.js';
import { type FakeOpenAI, readRecording, startFakeOpenAI } from './support/fake-openai.js';
import { serveRoute } from './support/serve-route.js';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  cleanup();
  for (const close of closers.reverse()) await close();
  closers = [];
});

/** Our route (createStreamHandler) on 127.0.0.1, seeing every request body it gets. */
async function ourRoute(models: StreamHandlerOptions['models']) {
  const bodies: unknown[] = [];
  const handler = createStreamHandler({ models, defaultModel: Object.keys(models)[0] ?? '', maxRetries: 0 });
  const served = await serveRoute(async (request) => {
    bodies.push(await request.clone().json());
    return handler(request);
  });
  closers.push(served.close);
  return { url: served.url, bodies };
}

/** The AI SDK's own useChat, talking to a URL through the AI SDK's own DefaultChatTransport. */
const renderChat = (api: string) => renderHook(() => useChat({ transport: new DefaultChatTransport({ api }) }));

const textOf = (message: UIMessage | undefined) =>
  (message?.parts ?? [])
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('');

describe("the AI SDK's useChat (DefaultChatTransport) consumes our route", () => {
  test('with the AI SDK mock model: the assistant message has the streamed text, and usage, model and finish reason as metadata', async () => {
    const route = await ourRoute({ 'mock-model': mockModel(modelParts(['Hello', ' from', ' Tokenflow.'])) });
    const { result } = renderChat(route.url);

    await result.current.sendMessage({ text: 'Hi' });
    await waitFor(() => expect(result.current.status).toBe('ready'));

    expect(result.current.error).toBeUndefined();
    expect(result.current.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    const assistant = result.current.messages[1];
    expect(textOf(assistant)).toBe('Hello from Tokenflow.');
    expect(assistant?.metadata).toMatchObject({
      model: 'mock-model-2025',
      finishReason: 'stop',
      usage: {
        inputTokens: EXPECTED_USAGE.inputTokens,
        outputTokens: EXPECTED_USAGE.outputTokens,
        totalTokens: EXPECTED_USAGE.totalTokens,
      },
    });

    // What useChat sent: UI messages ({ id, role, parts }) plus its own id and trigger, which the route accepts.
    expect(route.bodies).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        trigger: 'submit-message',
        messages: [
          expect.objectContaining({ id: expect.any(String), role: 'user', parts: [{ type: 'text', text: 'Hi' }] }),
        ],
      }),
    ]);
  });

  test('with @ai-sdk/openai on a real recording: the text and usage are the recording’s, and the provider got the user text', async () => {
    const provider: FakeOpenAI = await startFakeOpenAI();
    closers.push(provider.close);
    const recording = readRecording('chat-completions-basic.sse');
    const payloads = recording.payloads as {
      choices?: { index: number; delta: { content?: string } }[];
      usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    }[];
    const expectedText = payloads
      .map((payload) => payload?.choices?.find((choice) => choice.index === 0)?.delta.content ?? '')
      .join('');
    const usage = payloads.find((payload) => payload?.usage)?.usage;
    expect(expectedText.length).toBeGreaterThan(0);

    const openai = createOpenAI({ apiKey: 'test-key', baseURL: provider.baseURL });
    const route = await ourRoute({ 'gpt-4o-mini': openai.chat('gpt-4o-mini') });
    provider.serve(recording);
    const { result } = renderChat(route.url);

    await result.current.sendMessage({ text: 'Hi' });
    await waitFor(() => expect(result.current.status).toBe('ready'));

    expect(result.current.error).toBeUndefined();
    const assistant = result.current.messages[1];
    expect(textOf(assistant)).toBe(expectedText);
    expect(assistant?.metadata).toMatchObject({
      model: 'gpt-4o-2024-08-06',
      finishReason: 'stop',
      usage: {
        inputTokens: usage?.prompt_tokens,
        outputTokens: usage?.completion_tokens,
        totalTokens: usage?.total_tokens,
      },
    });
    expect(provider.requests[0]?.body).toMatchObject({ messages: [{ role: 'user', content: 'Hi' }], stream: true });
  });

  test('a provider failure before the first token reaches useChat as an error, without the upstream body', async () => {
    const provider = await startFakeOpenAI();
    closers.push(provider.close);
    const openai = createOpenAI({ apiKey: 'test-key', baseURL: provider.baseURL });
    const route = await ourRoute({ 'gpt-4o-mini': openai.chat('gpt-4o-mini') });
    provider.fail(401, { error: { message: 'Incorrect API key provided: test-key.', code: 'invalid_api_key' } });
    const onError = vi.fn();
    const { result } = renderHook(() => useChat({ transport: new DefaultChatTransport({ api: route.url }), onError }));

    await result.current.sendMessage({ text: 'Hi' });
    await waitFor(() => expect(result.current.status).toBe('error'));

    expect(result.current.error?.message).toContain('provider-auth');
    expect(result.current.error?.message).not.toContain('test-key');
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
