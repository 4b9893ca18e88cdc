import { MockLanguageModelV4 } from 'ai/test';
import { expect } from 'vitest';
import { MOCK_USAGE } from '../support/mock-model.js';

/*
 * What the tests of reasoning, tools, sources and structured output share: model parts beyond text, a model that
 * plays one script per call (step), and the route's answer read back as chunks.
 */

type StreamResult = Awaited<ReturnType<MockLanguageModelV4['doStream']>>;
export type StreamPart = StreamResult['stream'] extends ReadableStream<infer Part> ? Part : never;

const head: StreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'resp-1', modelId: 'mock-model-2025', timestamp: new Date(0) },
];

const finish = (unified: 'stop' | 'tool-calls'): StreamPart => ({
  type: 'finish',
  finishReason: { unified, raw: unified },
  usage: MOCK_USAGE,
});

/** Reasoning parts, one delta per thought. */
export const reasoningParts = (...thoughts: string[]): StreamPart[] => [
  { type: 'reasoning-start', id: 'r1' },
  ...thoughts.map((delta): StreamPart => ({ type: 'reasoning-delta', id: 'r1', delta })),
  { type: 'reasoning-end', id: 'r1' },
];

/** Text parts, one delta per piece. */
export const textParts = (...deltas: string[]): StreamPart[] => [
  { type: 'text-start', id: 't1' },
  ...deltas.map((delta): StreamPart => ({ type: 'text-delta', id: 't1', delta })),
  { type: 'text-end', id: 't1' },
];

/** A tool call whose JSON input streams in the given pieces, as providers send it. */
export const toolCallParts = (toolCallId: string, toolName: string, ...inputPieces: string[]): StreamPart[] => [
  { type: 'tool-input-start', id: toolCallId, toolName },
  ...inputPieces.map((delta): StreamPart => ({ type: 'tool-input-delta', id: toolCallId, delta })),
  { type: 'tool-input-end', id: toolCallId },
  { type: 'tool-call', toolCallId, toolName, input: inputPieces.join('') },
];

/** One model call's whole stream: its parts between the stream's head and a finish (`tool-calls` after a call). */
export const step = (...parts: StreamPart[]): StreamPart[] => [
  ...head,
  ...parts,
  finish(parts.some((part) => part.type === 'tool-call') ? 'tool-calls' : 'stop'),
];

/** A mock model that streams `steps[i]` for its i-th call, the last one again for any further call. */
export function scriptedModel(steps: StreamPart[][]): MockLanguageModelV4 {
  let calls = 0;
  return new MockLanguageModelV4({
    modelId: 'mock-model',
    doStream: async () => {
      const parts = steps[Math.min(calls++, steps.length - 1)] ?? [];
      return {
        stream: new ReadableStream<StreamPart>({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  });
}

export const URL = 'http://route.test/api/stream';

export const post = (body: unknown, signal?: AbortSignal): Request =>
  new Request(URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal && { signal }),
  });

export type Chunk = Record<string, unknown> & { type: string };

/** The chunks of a UI message stream, in order (each event's `id:` line and the `[DONE]` end left out). */
export async function chunksOf(response: Response): Promise<Chunk[]> {
  expect(response.status).toBe(200);
  return (await response.text())
    .split('\n\n')
    .map((event) => event.replace(/^id: \d+\n/, '').replace(/^data: /, ''))
    .filter((data) => data !== '' && data !== '[DONE]')
    .map((data) => JSON.parse(data) as Chunk);
}

/** The chunk types, in order. */
export const typesOf = (chunks: readonly Chunk[]): string[] => chunks.map((chunk) => chunk.type);
