import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { type CallOptions, type Reply, replyTo } from './simulated-replies';

/** One part of a model's stream, as the AI SDK's LanguageModelV4 specification has them. */
type StreamPart =
  Awaited<ReturnType<MockLanguageModelV4['doStream']>>['stream'] extends ReadableStream<infer Part> ? Part : never;

/** Prose in words, JSON after each `,` `:` `[` `{`: the pieces a model's deltas come in. */
const deltasOf = (text: string): string[] => text.split(/(?<=[\s,:[{])/).filter(Boolean);

/** The parts of one reply: thoughts as reasoning, then its text or its tool call (its JSON input in deltas). */
function partsOf(reply: Reply, callId: string, options: CallOptions): StreamPart[] {
  const thoughts = deltasOf(reply.thoughts);
  const text = deltasOf(reply.text ?? '');
  const input = reply.toolCall ? JSON.stringify(reply.toolCall.input) : '';
  // Three characters a delta, so that a city streams in ("Osl", then "Oslo").
  const inputDeltas = input.match(/.{1,3}/gs) ?? [];
  const parts: StreamPart[] = [{ type: 'stream-start', warnings: [] }];
  if (thoughts.length > 0) {
    parts.push({ type: 'reasoning-start', id: 'thoughts' });
    for (const delta of thoughts) parts.push({ type: 'reasoning-delta', id: 'thoughts', delta });
    parts.push({ type: 'reasoning-end', id: 'thoughts' });
  }
  if (text.length > 0) {
    parts.push({ type: 'text-start', id: 'answer' });
    for (const delta of text) parts.push({ type: 'text-delta', id: 'answer', delta });
    parts.push({ type: 'text-end', id: 'answer' });
  }
  if (reply.toolCall) {
    const { toolName } = reply.toolCall;
    parts.push({ type: 'tool-input-start', id: callId, toolName });
    for (const delta of inputDeltas) parts.push({ type: 'tool-input-delta', id: callId, delta });
    parts.push({ type: 'tool-input-end', id: callId }, { type: 'tool-call', toolCallId: callId, toolName, input });
  }
  const promptTokens = Math.ceil(JSON.stringify(options.prompt).length / 4);
  parts.push({
    type: 'finish',
    finishReason: reply.toolCall ? { unified: 'tool-calls', raw: 'tool_calls' } : { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: promptTokens, noCache: promptTokens, cacheRead: 0, cacheWrite: 0 },
      outputTokens: {
        total: thoughts.length + text.length + inputDeltas.length,
        text: text.length + inputDeltas.length,
        reasoning: thoughts.length,
      },
    },
  });
  return parts;
}

/**
 * A model that needs no key, for when OPENAI_API_KEY is unset. It thinks before it answers (reasoning deltas), calls
 * the route's `weather` tool when asked about the weather in a city and answers from its result in the next step,
 * and answers a request for a structured output with a recipe as JSON; any other prompt gets one fixed answer
 * (see `simulated-replies.ts`). It streams a delta every 25 ms.
 */
export function simulatedModel() {
  let calls = 0;
  const model = new MockLanguageModelV4({
    provider: 'tokenflow.simulated',
    modelId: 'simulated-model',
    doStream: async (options) => {
      // The mock keeps every call's options, for tests to look at: a server running for days must not.
      model.doStreamCalls.length = 0;
      calls += 1;
      return {
        stream: simulateReadableStream({
          initialDelayInMs: 150,
          chunkDelayInMs: 25,
          chunks: partsOf(replyTo(options), `call-${calls}`, options),
        }),
      };
    },
  });
  return model;
}
