import { MockLanguageModelV4 } from 'ai/test';

type StreamResult = Awaited<ReturnType<MockLanguageModelV4['doStream']>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer Part> ? Part : never;
type CallOptions = Parameters<MockLanguageModelV4['doStream']>[0];

/** The usage a mock model reports, in the AI SDK 7 provider shape. */
export const MOCK_USAGE = {
  inputTokens: { total: 11, noCache: 3, cacheRead: 8, cacheWrite: 0 },
  outputTokens: { total: 4, text: 3, reasoning: 1 },
};

/** What the mock usage looks like once Tokenflow has read it. */
export const EXPECTED_USAGE = {
  inputTokens: 11,
  outputTokens: 4,
  totalTokens: 15,
  reasoningTokens: 1,
  cachedInputTokens: 8,
};

/** A model stream, part by part, as a provider would send it. */
export function modelParts(deltas: string[], ending: 'finish' | 'error' = 'finish'): StreamPart[] {
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: 'resp-1', modelId: 'mock-model-2025', timestamp: new Date(0) },
    { type: 'text-start', id: 't1' },
    ...deltas.map((delta): StreamPart => ({ type: 'text-delta', id: 't1', delta })),
    ...(ending === 'error'
      ? [{ type: 'error', error: new Error('The model is overloaded') } as StreamPart]
      : [
          { type: 'text-end', id: 't1' } as StreamPart,
          { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: MOCK_USAGE } as StreamPart,
        ]),
  ];
}

/** A mock language model (the AI SDK's own) that streams the given parts at once. */
export function mockModel(parts: StreamPart[]): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    modelId: 'mock-model',
    doStream: async () => ({
      stream: new ReadableStream({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }),
    }),
  });
}

/**
 * A mock model whose stream the test feeds part by part, and which records the abort signal it was given,
 * to prove that ending a stream reaches the model call.
 */
export function controlledModel() {
  let controller: ReadableStreamDefaultController<StreamPart> | undefined;
  let calls: CallOptions[] = [];
  const model = new MockLanguageModelV4({
    modelId: 'mock-model',
    doStream: async (options) => {
      calls = [...calls, options];
      return {
        stream: new ReadableStream<StreamPart>({
          start(c) {
            controller = c;
          },
        }),
      };
    },
  });
  return {
    model,
    get calls() {
      return calls;
    },
    push: (...parts: StreamPart[]) => {
      for (const part of parts) controller?.enqueue(part);
    },
    close: () => controller?.close(),
  };
}
