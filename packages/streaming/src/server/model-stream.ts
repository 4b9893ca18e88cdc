import { type LanguageModel, streamText, toUIMessageStream, type UIMessageChunk } from 'ai';
import { normalizeUsage } from '../transport/usage.js';
import type { FailurePhase, StreamHandlerOptions } from './create-stream-handler.js';
import type { ModelCall } from './parse-stream-request.js';
import { classifyProviderError } from './provider-errors.js';

export type Report = (error: unknown, phase: FailurePhase, request: Request) => void;

/** A model call as a UI message stream, and what the route learns of it on the way. */
export interface ModelStream {
  readonly chunks: ReadableStream<UIMessageChunk>;
  /** The first failure of the call, as the provider raised it (undefined while it goes well). */
  failure(): unknown;
  /** Call once the answer started: failures are reported as `streaming` from then on. */
  markAnswered(): void;
}

/**
 * Calls the model with `streamText` and turns its parts into the UI message stream the route sends: reasoning left
 * out, usage, finish reason and the model that answered in the finish chunk's message metadata, failures as safe
 * `error` chunks (the original goes to `report`). Aborting `signal` closes the provider connection: cancelling the
 * AI SDK's streams does not, only its signal does.
 */
export function modelStream(
  options: StreamHandlerOptions,
  call: ModelCall,
  request: Request,
  report: Report,
  signal: AbortSignal,
): ModelStream {
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
    // The provider's silence is timed by the route, not with the AI SDK's `timeout.chunkMs`: that one needs
    // AbortSignal.any, which edge sandboxes (Next.js edge routes) do not have.
    abortSignal: signal,
    // Failures become error chunks below and are reported through onError once, not logged here.
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
  return {
    chunks,
    failure: () => failure,
    markAnswered: () => {
      answered = true;
    },
  };
}
