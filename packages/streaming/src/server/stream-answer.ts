import {
  createUIMessageStreamResponse,
  type LanguageModel,
  streamText,
  toUIMessageStream,
  type UIMessageChunk,
} from 'ai';
import { normalizeUsage } from '../transport/usage.js';
import type { FailurePhase, StreamHandlerOptions } from './create-stream-handler.js';
import type { ModelCall } from './parse-stream-request.js';
import { classifyProviderError } from './provider-errors.js';
import { RouteError } from './route-error.js';

const DEFAULT_IDLE_MS = 60_000;

/** Chunks that carry generated content: seeing one means the provider call is under way. */
const isContent = (chunk: UIMessageChunk): boolean =>
  chunk.type.endsWith('-delta') || chunk.type === 'finish' || chunk.type === 'error';

/**
 * Calls the model and answers once its first content arrives: a failure before that becomes an HTTP error
 * status (so clients and proxies see 429 or 503), one after it an `error` chunk in the stream.
 */
export async function streamAnswer(
  options: StreamHandlerOptions,
  call: ModelCall,
  request: Request,
  report: (error: unknown, phase: FailurePhase, request: Request) => void,
  headers: Record<string, string>,
): Promise<Response> {
  const idleMs = options.timeouts?.idleMs ?? DEFAULT_IDLE_MS;
  const { firstChunkMs } = options.timeouts ?? {};
  const stalled = () =>
    new RouteError(504, 'provider-timeout', 'The model provider stopped sending; the call was abandoned.', {
      retryable: true,
    });
  let answered = false;
  let failure: unknown;
  let respondedModel = call.modelId;
  const result = streamText({
    model: options.models[call.modelId] as LanguageModel,
    ...call.prompt,
    ...(call.system !== undefined && { instructions: call.system }),
    ...call.settings,
    ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
    allowSystemInMessages: options.allowSystemMessages ?? false,
    abortSignal: request.signal,
    timeout: { chunkMs: idleMs, ...(firstChunkMs !== undefined && { firstChunkMs }) },
    // Failures are handled below (status or error chunk) and reported through onError once, not logged here.
    onError: () => {},
    onFinish: async (event) => {
      try {
        await options.onFinish?.({
          model: respondedModel,
          usage: normalizeUsage(event.totalUsage),
          finishReason: event.finishReason,
          text: event.text,
          request,
        });
      } catch (error) {
        // The answer is already complete: a failing usage logger is the deployer's to hear about, not the client's.
        report(error, 'streaming', request);
      }
    },
  });
  const chunks = toUIMessageStream({
    stream: result.stream,
    sendReasoning: false,
    onError: (error) => {
      failure ??= error;
      report(error, answered ? 'streaming' : 'before-first-token', request);
      return classifyProviderError(error).message;
    },
    messageMetadata: ({ part }) => {
      if (part.type === 'finish-step' && part.response.modelId) respondedModel = part.response.modelId;
      if (part.type !== 'finish') return undefined;
      return { usage: part.totalUsage, finishReason: part.finishReason, model: respondedModel };
    },
  });

  const reader = chunks.getReader();
  const head: UIMessageChunk[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.type === 'error') {
      await reader.cancel().catch(() => {});
      throw classifyProviderError(failure);
    }
    // An abort the client did not ask for is the provider timeout firing.
    if (value.type === 'abort' && !request.signal.aborted) {
      report(new Error('The provider sent no chunk in time.'), 'before-first-token', request);
      throw stalled();
    }
    head.push(value);
    if (isContent(value)) break;
  }
  answered = true;
  return createUIMessageStreamResponse({
    headers,
    stream: new ReadableStream<UIMessageChunk>({
      start(controller) {
        for (const chunk of head) controller.enqueue(chunk);
      },
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else if (value.type === 'abort' && !request.signal.aborted) {
          report(new Error(`No chunk from the provider for ${idleMs} ms.`), 'streaming', request);
          controller.enqueue({ type: 'error', errorText: stalled().message });
        } else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    }),
  });
}
