import { createStreamingStore, httpTransport } from '@tokenflow/streaming/core';
import { createStreamHandler } from '@tokenflow/streaming/server';
import {
  parseJsonEventStream,
  readUIMessageStream,
  simulateReadableStream,
  type UIMessage,
  type UIMessageChunk,
  uiMessageChunkSchema,
} from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { MOCK_USAGE } from '../../packages/streaming/test/support/mock-model.js';
import { serveRoute } from '../support/serve-route.js';

// "Thought for N s" in a tab that attached late: the reasoning it missed is replayed from the route's log in one
// burst, so its own clock would say ~0 ms. The route measures the reasoning and sends it as message metadata, so
// every reader shows the same duration, the one the model took.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

type StreamPart =
  Awaited<ReturnType<MockLanguageModelV4['doStream']>>['stream'] extends ReadableStream<infer Part> ? Part : never;

/** Model parts 100 ms apart: four reasoning deltas (300 ms from the first to the last), then four text deltas. */
const SPACING_MS = 100;
const THOUGHTS = ['The user', ' wants', ' a short', ' answer.'];
const ANSWER = ['Yes', ', it', ' is', '.'];
const parts: StreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'resp-1', modelId: 'mock-model-2025', timestamp: new Date(0) },
  { type: 'reasoning-start', id: 'r1' },
  ...THOUGHTS.map((delta): StreamPart => ({ type: 'reasoning-delta', id: 'r1', delta })),
  { type: 'reasoning-end', id: 'r1' },
  { type: 'text-start', id: 't1' },
  ...ANSWER.map((delta): StreamPart => ({ type: 'text-delta', id: 't1', delta })),
  { type: 'text-end', id: 't1' },
  { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: MOCK_USAGE },
];
const EXPECTED_MS = (THOUGHTS.length - 1) * SPACING_MS;

/** The route, with its default log (memoryStreamLog(), in this process), over HTTP. */
async function route() {
  const model = new MockLanguageModelV4({
    modelId: 'mock-model',
    doStream: async () => ({ stream: simulateReadableStream({ chunks: parts, chunkDelayInMs: SPACING_MS }) }),
  });
  const served = await serveRoute(createStreamHandler({ models: { m: model }, defaultModel: 'm' }));
  closers.push(served.close);
  return served;
}

describe('reasoningMs is the same for every reader of a kept stream', () => {
  test('a client that attaches after the reasoning ended shows the duration the first client shows, not ~0', async () => {
    const served = await route();

    const first = createStreamingStore({ transport: httpTransport({ api: served.url }), throttle: false });
    const handle = first.start({ prompt: 'Is it?' });
    // The reasoning is over once the answer's first token is here.
    await vi.waitFor(() => expect(first.getView(handle).text).not.toBe(''), { timeout: 5_000, interval: 10 });
    expect(first.getView(handle).status).toBe('streaming');

    // Another tab with the handle: it gets the reasoning replayed from the log, all at once.
    const late = createStreamingStore({ transport: httpTransport({ api: served.url }), throttle: false });
    late.attach(handle);
    const [firstResult, lateResult] = await Promise.all([first.end(handle), late.end(handle)]);

    for (const result of [firstResult, lateResult]) {
      expect(result).toMatchObject({ status: 'done', reasoning: THOUGHTS.join(''), text: ANSWER.join('') });
    }
    const firstMs = firstResult.reasoningMs ?? Number.NaN;
    const lateMs = lateResult.reasoningMs ?? Number.NaN;
    expect(Math.abs(firstMs - lateMs)).toBeLessThan(5);
    // Near the model's real spacing (timers fire late on a busy machine, never early by more than a tick).
    expect(lateMs).toBeGreaterThanOrEqual(EXPECTED_MS - 10);
    expect(lateMs).toBeLessThan(EXPECTED_MS + 500);
  });
});

describe('an AI SDK client reads the measure as message metadata', () => {
  test('the AI SDK merges it into message.metadata, beside the finish metadata; the message is otherwise as before', async () => {
    const served = await route();
    const response = await fetch(served.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Is it?' }),
    });
    expect(response.status).toBe(200);
    const chunks = parseJsonEventStream({
      stream: response.body as ReadableStream<Uint8Array>,
      schema: uiMessageChunkSchema,
    }).pipeThrough(
      new TransformStream<{ success: boolean; value?: unknown }, UIMessageChunk>({
        transform(result, controller) {
          if (!result.success) throw new Error('The route sent a chunk the AI SDK does not accept.');
          controller.enqueue(result.value as UIMessageChunk);
        },
      }),
    );
    let message: UIMessage | undefined;
    for await (const snapshot of readUIMessageStream({ stream: chunks, terminateOnError: true })) message = snapshot;

    expect(message?.parts.filter((part) => part.type === 'reasoning' || part.type === 'text')).toEqual([
      expect.objectContaining({ type: 'reasoning', text: THOUGHTS.join(''), state: 'done' }),
      expect.objectContaining({ type: 'text', text: ANSWER.join(''), state: 'done' }),
    ]);
    const metadata = message?.metadata as { reasoningMs?: number; model?: string; finishReason?: string };
    expect(metadata).toMatchObject({ model: 'mock-model-2025', finishReason: 'stop' });
    expect(metadata.reasoningMs).toBeGreaterThanOrEqual(EXPECTED_MS - 10);
    expect(metadata.reasoningMs).toBeLessThan(EXPECTED_MS + 500);
  });
});
