import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';

const ANSWER =
  'This answer comes from a simulated model, streamed a word at a time so that you can watch it arrive. ' +
  'Set OPENAI_API_KEY in the environment and restart the app to talk to a real model instead. ' +
  'Everything else is real: the route handler, the UI message stream, the hooks and the text renderer.';

/** A model that answers every prompt with the same short text at about 40 words a second, with no API key. */
export function simulatedModel() {
  const words = ANSWER.split(/(?<= )/);
  return new MockLanguageModelV4({
    modelId: 'simulated-model',
    doStream: async () => ({
      stream: simulateReadableStream({
        initialDelayInMs: 150,
        chunkDelayInMs: 25,
        chunks: [
          { type: 'stream-start' as const, warnings: [] },
          { type: 'text-start' as const, id: 'text' },
          ...words.map((delta) => ({ type: 'text-delta' as const, id: 'text', delta })),
          { type: 'text-end' as const, id: 'text' },
          {
            type: 'finish' as const,
            finishReason: { unified: 'stop' as const, raw: 'stop' },
            usage: {
              inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
              outputTokens: { total: words.length, text: words.length, reasoning: 0 },
            },
          },
        ],
      }),
    }),
  });
}
