import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { streamText } from 'ai';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  controlledModel,
  EXPECTED_USAGE,
  mockModel,
  modelParts,
} from '../packages/streaming/test/support/mock-model.js';
import { plainAiSdkRoute } from './support/plain-ai-sdk-route.js';
import { serveRoute } from './support/serve-route.js';

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

async function storeFor(route: (request: Request) => Promise<Response>) {
  const served = await serveRoute(route);
  close = served.close;
  return createStreamingStore({ transport: httpTransport({ api: served.url }), throttle: false });
}

describe('our hooks consume any AI SDK route (streamText with the AI SDK mock model, over HTTP)', () => {
  test('end collects text, usage, finish reason and model from the finish chunk metadata', async () => {
    const store = await storeFor(plainAiSdkRoute(mockModel(modelParts(['The ', 'sky ', 'is blue.']))));
    const result = await store.end(store.start({ prompt: 'Why is the sky blue?' }));
    expect(result).toMatchObject({
      status: 'done',
      text: 'The sky is blue.',
      tokenCount: 3,
      finishReason: 'stop',
      model: 'mock-model-2025',
      usage: EXPECTED_USAGE,
    });
  });

  test('a route answering result.toUIMessageStreamResponse() streams too (usage absent: it sends none)', async () => {
    const model = mockModel(modelParts(['plain ', 'route']));
    const store = await storeFor(async (request) => {
      const { prompt } = (await request.json()) as { prompt: string };
      return streamText({ model, prompt }).toUIMessageStreamResponse();
    });
    const result = await store.end(store.start({ prompt: 'Hi' }));
    expect(result).toMatchObject({ status: 'done', text: 'plain route', finishReason: 'stop', usage: undefined });
  });

  test('a model failure mid-stream reaches the client as a provider error, with the partial text', async () => {
    const model = mockModel(modelParts(['Partial'], 'error'));
    const store = await storeFor(async (request) => {
      const { prompt } = (await request.json()) as { prompt: string };
      // onError: the route reports the failure to the client; the default would also log it here.
      return streamText({ model, prompt, onError: () => {} }).toUIMessageStreamResponse({
        onError: (error) => (error instanceof Error ? error.message : 'unknown'),
      });
    });
    const result = await store.end(store.start({ prompt: 'Hi' }));
    expect(result).toMatchObject({ status: 'error', text: 'Partial' });
    expect(result.error?.code).toBe('provider');
    expect(result.error?.message).toContain('The model is overloaded');
  });

  test('ending a stream with abort aborts the model call behind the route', async () => {
    const feed = controlledModel();
    const store = await storeFor(plainAiSdkRoute(feed.model));
    const handle = store.start({ prompt: 'Tell me a long story' });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...modelParts(['Once', ' upon']).slice(0, 4));
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('Once'));
    const result = await store.end(handle, { abort: true });
    expect(result).toMatchObject({ status: 'aborted', text: 'Once' });
    await vi.waitFor(() => expect(feed.calls[0]?.abortSignal?.aborted).toBe(true));
  });
});
