import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { createStreamHandler, memoryStreamLog } from '@tokenflow/streaming/server';
import { type ToolSet, tool } from 'ai';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { controlledModel, modelParts } from '../../packages/streaming/test/support/mock-model.js';
import { startCuttingLink } from '../support/cutting-link.js';
import { seededRandom, seededTokens } from '../support/seeded-tokens.js';
import { serveRoute } from '../support/serve-route.js';

// Every connection of the client is cut after a random number of bytes (mostly inside an SSE event), many times per
// stream: the durable route and the reconnecting transport still deliver every token exactly once, in order.

const TOKENS = 400;

describe('a durable stream cut anywhere, many times', () => {
  test.each([1, 2, 3])(
    'seed %i: the text, tokens and usage equal the uncut stream, with no duplicate',
    async (seed) => {
      const random = seededRandom(seed);
      const feed = controlledModel();
      const log = memoryStreamLog();
      const served = await serveRoute(createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', log }));
      const link = await startCuttingLink(Number(new URL(served.url).port), () => 150 + Math.floor(random() * 1_500));
      try {
        const store = createStreamingStore({
          transport: httpTransport({ api: link.url(served.url), reconnectDelayMs: 5, maxReconnects: 10 }),
          throttle: false,
        });
        const delivered: string[] = [];
        const handle = store.start({ prompt: 'Hi', onToken: (token) => delivered.push(token.text) });
        const tokens = seededTokens(seed, TOKENS);
        const parts = modelParts(tokens);
        while (feed.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        // Paced, so the stream is still running across many cuts.
        for (const part of parts) {
          feed.push(part);
          if (part.type === 'text-delta') await new Promise((resolve) => setTimeout(resolve, 1));
        }
        feed.close();
        const result = await store.end(handle, { timeoutMs: 30_000 });
        expect(result).toMatchObject({ status: 'done', text: tokens.join(''), tokenCount: TOKENS });
        expect(delivered).toEqual(tokens);
        expect(result.usage).toMatchObject({ inputTokens: 11, outputTokens: 4 });
        expect(result.reconnects).toBeGreaterThan(5);
        console.log(
          `[durable] seed ${seed}: ${link.cuts} cuts, ${result.reconnects} reconnects, ${TOKENS} tokens once`,
        );
      } finally {
        await link.close();
        await served.close();
        await log.close();
      }
    },
    60_000,
  );

  test('reasoning and a tool call whose input streams, cut as often: each reasoning token once, the input text whole', async () => {
    const random = seededRandom(7);
    const feed = controlledModel();
    const log = memoryStreamLog();
    // A tool the client runs (no execute): the model's call ends the answer, its input streamed first.
    // (ToolSet's execute is optional, which exactOptionalPropertyTypes reads as "present, maybe undefined".)
    const tools = { lookup: tool({ description: 'Looks something up', inputSchema: z.object({ query: z.string() }) }) };
    const served = await serveRoute(
      createStreamHandler({ models: { m: feed.model }, defaultModel: 'm', log, tools: tools as unknown as ToolSet }),
    );
    // The POST is cut only after its first events: before them the client has no position to resume from.
    let connections = 0;
    const link = await startCuttingLink(Number(new URL(served.url).port), () =>
      connections++ === 0 ? 2_000 : 150 + Math.floor(random() * 1_500),
    );
    try {
      const store = createStreamingStore({
        transport: httpTransport({ api: link.url(served.url), reconnectDelayMs: 5, maxReconnects: 10 }),
        throttle: false,
      });
      const reasoningHeard: string[] = [];
      const handle = store.start({
        prompt: 'Hi',
        onToken: (token) => {
          if (token.kind === 'reasoning') reasoningHeard.push(token.text);
        },
      });
      const thoughts = seededTokens(11, 200);
      const query = seededTokens(12, 120).join('');
      const input = JSON.stringify({ query });
      const inputPieces = input.match(/.{1,7}/gsu) ?? [];
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'stream-start', warnings: [] },
        { type: 'reasoning-start', id: 'r1' },
        ...thoughts.map((delta): LanguageModelV4StreamPart => ({ type: 'reasoning-delta', id: 'r1', delta })),
        { type: 'reasoning-end', id: 'r1' },
        { type: 'tool-input-start', id: 'call-1', toolName: 'lookup' },
        ...inputPieces.map((delta): LanguageModelV4StreamPart => ({ type: 'tool-input-delta', id: 'call-1', delta })),
        { type: 'tool-input-end', id: 'call-1' },
        { type: 'tool-call', toolCallId: 'call-1', toolName: 'lookup', input },
        ...(modelParts([]).slice(-1) as LanguageModelV4StreamPart[]),
      ];
      while (feed.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      for (const part of parts) {
        feed.push(part as never);
        if (part.type.endsWith('-delta')) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      feed.close();
      const result = await store.end(handle, { timeoutMs: 30_000 });
      expect(result).toMatchObject({ status: 'done', reasoning: thoughts.join('') });
      expect(reasoningHeard).toEqual(thoughts);
      expect(result.toolCalls).toEqual([
        expect.objectContaining({
          id: 'call-1',
          name: 'lookup',
          state: 'input-available',
          inputText: input,
          input: { query },
        }),
      ]);
      expect(result.reconnects).toBeGreaterThan(5);
      console.log(`[durable] reasoning and a tool call: ${link.cuts} cuts, ${result.reconnects} reconnects`);
    } finally {
      await link.close();
      await served.close();
      await log.close();
    }
  }, 60_000);
});
