// @vitest-environment edge-runtime
import { createStreamHandler, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { describe, expect, test, vi } from 'vitest';
import { controlledModel } from '../support/mock-model.js';
import {
  chunksOf,
  post,
  reasoningParts,
  type StreamPart,
  scriptedModel,
  step,
  textParts,
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
      'text-start',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    const thoughts = chunks.filter((chunk) => chunk.type === 'reasoning-delta').map((chunk) => chunk.delta);
    expect(thoughts).toEqual(['The user says hi.', ' Greet back.']);
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
