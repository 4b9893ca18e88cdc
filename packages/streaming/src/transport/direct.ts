import { convertToModelMessages, type LanguageModel, type ModelMessage, streamText, type UIMessage } from 'ai';
import { errorMessage, StreamError } from '../core/errors.js';
import { pickModelSettings } from '../core/request-fields.js';
import type { StreamRequest, StreamTransport } from '../core/types.js';
import { normalizeUsage } from './usage.js';

/**
 * Options of {@link directTransport}.
 *
 * @example
 * ```ts
 * const options: DirectTransportOptions = { model: openai('gpt-4o-mini'), allowSystemMessages: false };
 * ```
 */
export interface DirectTransportOptions {
  /** The model every stream uses (a request's `model` field is ignored: this runs in a trusted place). */
  model: LanguageModel;
  /** Let `messages` contain system messages (default true: the caller is trusted). */
  allowSystemMessages?: boolean;
}

const hasParts = (message: unknown): boolean => Array.isArray((message as { parts?: unknown }).parts);

async function toModelMessages(messages: NonNullable<StreamRequest['messages']>): Promise<ModelMessage[]> {
  if (messages.some(hasParts)) return convertToModelMessages(messages as unknown as UIMessage[]);
  return messages as unknown as ModelMessage[];
}

/**
 * A transport that calls the AI SDK's `streamText` in-process, for Node programs, tests and trusted
 * environments. It yields the same tokens, usage and typed errors as the HTTP transport, and aborting the
 * stream aborts the model call.
 *
 * @example
 * ```ts
 * import { openai } from '@ai-sdk/openai';
 * import { createStreamingStore } from '@tokenflow/streaming/core';
 * import { directTransport } from '@tokenflow/streaming/direct';
 *
 * const store = createStreamingStore({ transport: directTransport({ model: openai('gpt-4o-mini') }) });
 * const result = await store.end(store.start({ prompt: 'Say hi' }));
 * ```
 */
export function directTransport(options: DirectTransportOptions): StreamTransport {
  return {
    async run(request, sink, signal) {
      let failure: unknown;
      const prompt =
        request.messages !== undefined
          ? { messages: await toModelMessages(request.messages) }
          : { prompt: request.prompt ?? '' };
      const result = streamText({
        model: options.model,
        ...prompt,
        ...(request.system !== undefined && { instructions: request.system }),
        ...pickModelSettings(request),
        allowSystemInMessages: options.allowSystemMessages ?? true,
        abortSignal: signal,
        // Errors arrive as 'error' parts below; the default handler would also log them to the console.
        onError: () => {},
      });
      for await (const part of result.fullStream) {
        switch (part.type) {
          case 'text-delta':
            sink.token(part.text);
            break;
          case 'reasoning-delta':
            sink.reasoning(part.text);
            break;
          case 'finish-step':
            sink.metadata({ model: part.response.modelId });
            if (part.providerMetadata) sink.metadata({ providerMetadata: part.providerMetadata });
            break;
          case 'finish': {
            const usage = normalizeUsage(part.totalUsage);
            sink.metadata({ finishReason: part.finishReason, ...(usage && { usage }) });
            break;
          }
          case 'error':
            failure ??= part.error;
            break;
          case 'abort':
            throw new StreamError('aborted', 'The model call was aborted.');
          default:
            break;
        }
      }
      if (failure !== undefined) throw providerError(failure);
    },
  };
}

function providerError(error: unknown): StreamError {
  const status = (error as { statusCode?: unknown }).statusCode;
  const details: ConstructorParameters<typeof StreamError>[2] = {
    cause: error,
    retryable: (error as { isRetryable?: unknown }).isRetryable === true,
  };
  if (typeof status === 'number') details.status = status;
  return new StreamError('provider', `The model provider failed: ${errorMessage(error)}`, details);
}
