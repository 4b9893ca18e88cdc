import { createStreamingStore } from '@tokenflow/streaming/core';
import { directTransport } from '@tokenflow/streaming/direct';
import { describe, expect, test, vi } from 'vitest';
import { controlledModel, EXPECTED_USAGE, mockModel, modelParts } from './support/mock-model.js';

describe('the direct transport calls streamText in-process', () => {
  test('it yields the tokens, usage, finish reason and model of a real AI SDK producer', async () => {
    const store = createStreamingStore({
      transport: directTransport({ model: mockModel(modelParts(['Hi', ' there', '!'])) }),
    });
    const result = await store.end(store.start({ prompt: 'Hello' }));
    expect(result).toMatchObject({
      status: 'done',
      text: 'Hi there!',
      tokenCount: 3,
      finishReason: 'stop',
      model: 'mock-model-2025',
      usage: EXPECTED_USAGE,
    });
  });

  test('it passes the prompt, system and model parameters to the model', async () => {
    const feed = controlledModel();
    const store = createStreamingStore({ transport: directTransport({ model: feed.model }) });
    const handle = store.start({
      messages: [{ role: 'user', content: 'Hello' }],
      system: 'Be brief',
      temperature: 0.4,
      maxOutputTokens: 20,
      topP: 0.5,
      stopSequences: ['END'],
      seed: 3,
    });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    const call = feed.calls[0];
    expect(call).toMatchObject({ temperature: 0.4, maxOutputTokens: 20, topP: 0.5, stopSequences: ['END'], seed: 3 });
    expect(JSON.stringify(call?.prompt)).toContain('Be brief');
    expect(JSON.stringify(call?.prompt)).toContain('Hello');
    feed.push(...modelParts(['ok']));
    feed.close();
    expect((await store.end(handle)).text).toBe('ok');
  });

  test('it accepts AI SDK UI messages', async () => {
    const feed = controlledModel();
    const store = createStreamingStore({ transport: directTransport({ model: feed.model }) });
    const handle = store.start({ messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'From UI' }] }] });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    expect(JSON.stringify(feed.calls[0]?.prompt)).toContain('From UI');
    feed.push(...modelParts(['ok']));
    feed.close();
    expect((await store.end(handle)).status).toBe('done');
  });

  test('a model error mid-stream gives code provider with the partial text kept', async () => {
    const store = createStreamingStore({
      transport: directTransport({ model: mockModel(modelParts(['Half'], 'error')) }),
    });
    const result = await store.end(store.start({ prompt: 'Hello' }));
    expect(result).toMatchObject({ status: 'error', text: 'Half' });
    expect(result.error?.code).toBe('provider');
    expect(result.error?.message).toContain('The model is overloaded');
  });

  test('end with abort aborts the model call', async () => {
    const feed = controlledModel();
    const store = createStreamingStore({ transport: directTransport({ model: feed.model }), throttle: false });
    const handle = store.start({ prompt: 'Hello' });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push(...modelParts(['One', ' two']).slice(0, 4));
    await vi.waitFor(() => expect(store.getView(handle).text).toBe('One'));
    const result = await store.end(handle, { abort: true });
    expect(result).toMatchObject({ status: 'aborted', text: 'One' });
    expect(feed.calls[0]?.abortSignal?.aborted).toBe(true);
  });
});
