// @vitest-environment edge-runtime
import { createStreamHandler, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { simulateReadableStream, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { controlledModel } from '../support/mock-model.js';
import {
  type Chunk,
  chunksOf,
  post,
  reasoningParts,
  type StreamPart,
  scriptedModel,
  step,
  textParts,
  toolCallParts,
  typesOf,
} from './parts-kit.js';

const LOGS = [
  ['with a log', {}],
  ['without a log', { log: false as const }],
] as const;

const source: StreamPart = {
  type: 'source',
  sourceType: 'url',
  id: 'src-1',
  url: 'https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events',
  title: 'Server-sent events',
};

describe('reasoning and sources reach the UI message stream', () => {
  test.each(LOGS)('%s: reasoning chunks come before the text, with their deltas', async (_, options) => {
    const model = scriptedModel([step(...reasoningParts('The user says hi.', ' Greet back.'), ...textParts('Hello'))]);
    const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', ...options });
    const chunks = await chunksOf(await handler(post({ prompt: 'Hi' })));
    expect(typesOf(chunks)).toEqual([
      'start',
      'start-step',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'message-metadata',
      'text-start',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    const thoughts = chunks.filter((chunk) => chunk.type === 'reasoning-delta').map((chunk) => chunk.delta);
    expect(thoughts).toEqual(['The user says hi.', ' Greet back.']);
    // The route's measure of the reasoning, after it: the model sent it at once, so it took (about) no time.
    const metadata = chunks.find((chunk) => chunk.type === 'message-metadata')?.messageMetadata;
    expect(metadata).toEqual({ reasoningMs: expect.any(Number) });
    expect((metadata as { reasoningMs: number }).reasoningMs).toBeGreaterThanOrEqual(0);
    expect((metadata as { reasoningMs: number }).reasoningMs).toBeLessThan(100);
  });

  test.each(LOGS)('%s: a source the model cites is a source-url chunk', async (_, options) => {
    const model = scriptedModel([step(...textParts('SSE is a one-way stream.'), source)]);
    const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', ...options });
    const chunks = await chunksOf(await handler(post({ prompt: 'What is SSE?' })));
    expect(chunks).toContainEqual({
      type: 'source-url',
      sourceId: 'src-1',
      url: 'https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events',
      title: 'Server-sent events',
    });
  });
});

/** A mock model that streams `steps[i]` for its i-th call, a part every `spacingMs` (real time). */
function pacedModel(spacingMs: number, steps: StreamPart[][]): MockLanguageModelV4 {
  let calls = 0;
  return new MockLanguageModelV4({
    modelId: 'mock-model',
    doStream: async () => ({
      stream: simulateReadableStream({
        chunks: steps[Math.min(calls++, steps.length - 1)] ?? [],
        chunkDelayInMs: spacingMs,
      }),
    }),
  });
}

const reasoningMsOf = (chunk: Chunk | undefined): unknown =>
  (chunk?.messageMetadata as { reasoningMs?: unknown })?.reasoningMs;

describe('the route measures the reasoning: `{ reasoningMs }` message metadata after each reasoning part', () => {
  test.each(LOGS)('%s: from the first reasoning delta to the last, by the server’s clock', async (_, options) => {
    // Deltas 60 ms apart: 120 ms from the first to the last, whenever a client reads them.
    const model = pacedModel(60, [step(...reasoningParts('Hmm,', ' let me', ' see.'), ...textParts('Yes.'))]);
    const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', ...options });
    const chunks = await chunksOf(await handler(post({ prompt: 'Think' })));
    const types = typesOf(chunks);
    const at = types.indexOf('message-metadata');
    expect(at).toBe(types.indexOf('reasoning-end') + 1);
    const reasoningMs = reasoningMsOf(chunks[at]);
    expect(reasoningMs).toBeGreaterThanOrEqual(110);
    expect(reasoningMs).toBeLessThan(120 + 400);
    // The finish chunk's metadata is as before.
    expect(chunks.at(-1)).toMatchObject({
      type: 'finish',
      messageMetadata: { usage: expect.any(Object), finishReason: 'stop', model: 'mock-model-2025' },
    });
  });

  test('across the steps of a tool loop: each reasoning part’s end says first → last so far', async () => {
    const weather = tool({
      description: 'The weather now',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, temperatureC: 4 }),
    });
    const model = pacedModel(40, [
      step(...reasoningParts('Need', ' the weather.'), ...toolCallParts('call-1', 'weather', '{"city":"Oslo"}')),
      step(...reasoningParts('4 °C, so:'), ...textParts('It is 4 °C.')),
    ]);
    const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', tools: { weather } });
    const chunks = await chunksOf(await handler(post({ prompt: 'Weather in Oslo?' })));
    const measures = chunks.filter((chunk) => chunk.type === 'message-metadata').map(reasoningMsOf) as number[];
    expect(measures).toHaveLength(2);
    const [first = 0, second = 0] = measures;
    // Step 1: two deltas 40 ms apart. Step 2's delta comes at least 8 parts (40 ms each) later.
    expect(first).toBeGreaterThanOrEqual(30);
    expect(first).toBeLessThan(40 + 400);
    expect(second).toBeGreaterThanOrEqual(first + 8 * 40 - 10);
    expect(typesOf(chunks).filter((type) => type === 'message-metadata' || type === 'reasoning-end')).toEqual([
      'reasoning-end',
      'message-metadata',
      'reasoning-end',
      'message-metadata',
    ]);
  });

  test('a reasoning part with no delta (or only empty ones) sends no measure', async () => {
    const model = scriptedModel([step(...reasoningParts(''), ...textParts('Yes.'))]);
    const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', log: false });
    const chunks = await chunksOf(await handler(post({ prompt: 'Think' })));
    expect(typesOf(chunks)).not.toContain('message-metadata');
  });
});

describe('a model that thinks first has started answering: the POST answers once it starts thinking', () => {
  /** The route's answer to a POST while the model has only begun to think (no text yet), and the feed. */
  async function thinking(options: Partial<StreamHandlerOptions>, parts: StreamPart[]) {
    const feed = controlledModel();
    const handler = createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', ...options });
    let answered = false;
    const answer = handler(post({ prompt: 'Think hard' })).then((response) => {
      answered = true;
      return response;
    });
    await vi.waitFor(() => expect(feed.calls).toHaveLength(1));
    feed.push({ type: 'stream-start', warnings: [] }, ...parts);
    await vi.waitFor(() => expect(answered).toBe(true), { timeout: 1_000 });
    return { feed, response: await answer };
  }

  test.each(LOGS)('%s: the first reasoning delta is enough', async (_, options) => {
    const { feed, response } = await thinking(options, reasoningParts('Let me see.').slice(0, 2));
    expect(response.status).toBe(200);
    feed.push({ type: 'reasoning-end', id: 'r1' }, ...step(...textParts('Done.')).slice(2));
    feed.close();
    const chunks = await chunksOf(response);
    expect(typesOf(chunks).indexOf('reasoning-delta')).toBeLessThan(typesOf(chunks).indexOf('text-delta'));
  });

  test.each(LOGS)('%s: so is a reasoning start alone (a model that thinks before its summary)', async (_, options) => {
    const { feed, response } = await thinking(options, reasoningParts().slice(0, 1));
    expect(response.status).toBe(200);
    feed.push(...reasoningParts().slice(1), ...step(...textParts('Done.')).slice(2));
    feed.close();
    expect(typesOf(await chunksOf(response))).toContain('text-delta');
  });
});
