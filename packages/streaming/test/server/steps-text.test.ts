// @vitest-environment edge-runtime
import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { createStreamHandler, type StreamFinishEvent } from '@tokenflow/streaming/server';
import { tool } from 'ai';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { scriptedModel, step, textParts, toolCallParts } from './parts-kit.js';

// What the README says of a tool loop's text: every step's text joined as streamed, with nothing between (the model
// writes no separator), the tool call between them in `toolCalls`; the route's onFinish gets the same text.

describe('the text of a tool loop’s steps', () => {
  test('view.text is every step’s text as streamed, with no separator; the tool call sits between', async () => {
    const weather = tool({
      description: 'The weather now',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, celsius: 4 }),
    });
    const model = scriptedModel([
      step(...textParts('Let me check.'), ...toolCallParts('call-1', 'weather', '{"city":"Oslo"}')),
      step(...textParts('In Oslo it is', ' 4 °C.')),
    ]);
    const finished: StreamFinishEvent[] = [];
    const handler = createStreamHandler({
      models: { m: model },
      defaultModel: 'm',
      tools: { weather },
      onFinish: (event) => {
        finished.push(event);
      },
    });
    const store = createStreamingStore({
      transport: httpTransport({
        api: 'http://route.test/api/stream',
        fetch: (url, init) => handler(new Request(url, init)),
      }),
      throttle: false,
    });
    const texts: string[] = [];
    const handle = store.start({ prompt: 'Weather in Oslo?', onToken: (token) => texts.push(token.text) });
    const result = await store.end(handle);

    expect(result).toMatchObject({ status: 'done', text: 'Let me check.In Oslo it is 4 °C.', tokenCount: 3 });
    expect(texts).toEqual(['Let me check.', 'In Oslo it is', ' 4 °C.']);
    expect(result.toolCalls).toEqual([
      expect.objectContaining({
        id: 'call-1',
        name: 'weather',
        state: 'output-available',
        output: { city: 'Oslo', celsius: 4 },
      }),
    ]);
    expect(finished.map((event) => event.text)).toEqual(['Let me check.In Oslo it is 4 °C.']);
  });
});
