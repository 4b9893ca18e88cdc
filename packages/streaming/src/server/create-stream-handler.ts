import {
  createUIMessageStreamResponse,
  type LanguageModel,
  streamText,
  toUIMessageStream,
  type UIMessageChunk,
} from 'ai';
import type { StreamUsage } from '../core/types.js';
import { normalizeUsage } from '../transport/usage.js';
import { DEFAULT_LIMITS, type ModelCall, parseStreamRequest, type StreamLimits } from './parse-stream-request.js';
import { classifyProviderError } from './provider-errors.js';
import { readJsonRequest } from './read-request.js';
import { RouteError } from './route-error.js';

/**
 * What `authorize` may answer: `true` or nothing lets the request through, `false` refuses it (403), and
 * `{ status: 401 | 403, message }` refuses it with that status.
 *
 * @example
 * ```ts
 * const authorize = (req: Request): AuthorizeResult =>
 *   req.headers.get('authorization') === `Bearer ${secret}` || { status: 401, message: 'Sign in first.' };
 * ```
 */
export type AuthorizeResult = boolean | undefined | { status: 401 | 403; message?: string };

/**
 * What `onFinish` learns about a completed stream, e.g. to log usage.
 *
 * @example
 * ```ts
 * const onFinish = ({ model, usage }: StreamFinishEvent) => metrics.add(model, usage?.totalTokens ?? 0);
 * ```
 */
export interface StreamFinishEvent {
  model: string;
  usage: StreamUsage | undefined;
  finishReason: string;
  text: string;
  request: Request;
}

/**
 * Options of {@link createStreamHandler}.
 *
 * @example
 * ```ts
 * const options: StreamHandlerOptions = { models: { small: openai('gpt-4o-mini') }, defaultModel: 'small' };
 * ```
 */
export interface StreamHandlerOptions {
  /** The models a client may ask for, by id: an allow-list. */
  models: Readonly<Record<string, LanguageModel>>;
  /** The id used when a request names no model; must be a key of `models`. */
  defaultModel: string;
  limits?: StreamLimits;
  /** Let `messages` contain system messages (default false: the server owns the instructions). */
  allowSystemMessages?: boolean;
  /** Runs before the body is read; see {@link AuthorizeResult}. */
  authorize?: (request: Request) => AuthorizeResult | Promise<AuthorizeResult>;
  /** Called once a stream completed, with its usage. */
  onFinish?: (event: StreamFinishEvent) => void | Promise<void>;
  /** Called with the original error of every provider or server failure (the client gets a safe summary). */
  onError?: (
    error: unknown,
    context: { phase: 'before-first-token' | 'streaming' | 'route'; request: Request },
  ) => void;
  /** Attempts the AI SDK makes on retryable provider errors before giving up (default: the AI SDK's, 2). */
  maxRetries?: number;
}

/** Chunks that carry generated content: seeing one means the provider call is under way. */
const isContent = (chunk: UIMessageChunk): boolean =>
  chunk.type.endsWith('-delta') || chunk.type === 'finish' || chunk.type === 'error';

/**
 * Creates a Web-standard route handler `(Request) => Promise<Response>` that streams a model's answer as the AI
 * SDK's UI message stream, for edge runtimes, Next.js route handlers and Node (through an adapter). It validates
 * the request, resolves the model from an allow-list, enforces limits, aborts the provider call when the client
 * goes away, and puts usage, model and finish reason in the finish chunk's message metadata.
 *
 * @example
 * ```ts
 * // app/api/stream/route.ts (Next.js) or api/stream.ts (Vercel Edge)
 * import { openai } from '@ai-sdk/openai';
 * import { createStreamHandler } from '@tokenflow/streaming/server';
 *
 * export const POST = createStreamHandler({
 *   models: { 'gpt-4o-mini': openai('gpt-4o-mini') },
 *   defaultModel: 'gpt-4o-mini',
 *   limits: { maxOutputTokens: 2_048 },
 * });
 * ```
 */
export function createStreamHandler(options: StreamHandlerOptions): (request: Request) => Promise<Response> {
  const modelIds = Object.keys(options.models);
  if (!modelIds.includes(options.defaultModel)) {
    throw new TypeError(`defaultModel "${options.defaultModel}" is not one of the models (${modelIds.join(', ')}).`);
  }
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const report = (error: unknown, phase: 'before-first-token' | 'streaming' | 'route', request: Request) => {
    try {
      options.onError?.(error, { phase, request });
    } catch {
      // A failing logger must not turn a handled failure into another one.
    }
  };

  return async (request) => {
    try {
      if (request.method !== 'POST') {
        throw new RouteError(405, 'method-not-allowed', 'Use POST.');
      }
      await authorize(options, request);
      const body = await readJsonRequest(request, limits.maxBodyBytes);
      const call = await parseStreamRequest(body, {
        models: modelIds,
        defaultModel: options.defaultModel,
        limits,
        allowSystemMessages: options.allowSystemMessages ?? false,
      });
      return await stream(options, call, request, report);
    } catch (error) {
      if (error instanceof RouteError) return error.toResponse(error.status === 405 ? { allow: 'POST' } : {});
      report(error, 'route', request);
      return new RouteError(500, 'internal', 'The server failed to handle the request.').toResponse();
    }
  };
}

async function authorize(options: StreamHandlerOptions, request: Request): Promise<void> {
  if (!options.authorize) return;
  const verdict = await options.authorize(request);
  if (verdict === true || verdict === undefined) return;
  const status = verdict === false ? 403 : verdict.status;
  const message = (verdict !== false && verdict.message) || (status === 401 ? 'Sign in first.' : 'Not allowed.');
  throw new RouteError(status, status === 401 ? 'unauthorized' : 'forbidden', message);
}

/**
 * Calls the model and answers once its first content arrives: a failure before that becomes an HTTP error
 * status (so clients and proxies see 429 or 503), one after it an `error` chunk in the stream.
 */
async function stream(
  options: StreamHandlerOptions,
  call: ModelCall,
  request: Request,
  report: (error: unknown, phase: 'before-first-token' | 'streaming', request: Request) => void,
): Promise<Response> {
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
    head.push(value);
    if (isContent(value)) break;
  }
  answered = true;
  return createUIMessageStreamResponse({
    stream: new ReadableStream<UIMessageChunk>({
      start(controller) {
        for (const chunk of head) controller.enqueue(chunk);
      },
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    }),
  });
}
