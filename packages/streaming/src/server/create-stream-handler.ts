import type { LanguageModel, ToolSet } from 'ai';
import type { StreamUsage } from '../core/types.js';
import { type AllowedOrigins, corsHeaders, preflightResponse } from './cors.js';
import { answerLogRequest } from './durable/log-requests.js';
import { startDurable } from './durable/start-durable.js';
import { memoryStreamLog } from './log/memory-stream-log.js';
import type { StreamLog } from './log/stream-log.js';
import type { ModelStreamSetup } from './model-stream.js';
import { resolveOutputs, type StructuredOutput } from './outputs.js';
import { DEFAULT_LIMITS, parseStreamRequest, type StreamLimits } from './parse-stream-request.js';
import { readJsonRequest } from './read-request.js';
import { RouteError } from './route-error.js';
import { streamAnswer } from './stream-answer.js';

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
 * What a request asks of the route, as `authorize` learns it: `start` a stream (its id is not known yet), or `read`
 * or `stop` stream `streamId`; `chatId` when the request named it by its chat (`<route>/<chatId>/stream`, the AI
 * SDK useChat's resume request), so an app that owns chats rather than streams can check that.
 *
 * @example
 * ```ts
 * const authorize = (req: Request, access: StreamAccess) =>
 *   access.action === 'start' ||
 *   (access.chatId ? ownsChat(userOf(req), access.chatId) : ownsStream(userOf(req), access.streamId));
 * ```
 */
export type StreamAccess =
  | { action: 'start'; streamId: undefined; chatId?: undefined }
  | { action: 'read' | 'stop'; streamId: string; chatId?: string };

/**
 * What `onStart` learns about a stream the route keeps: its id, which is a capability (whoever holds it may read and
 * stop the stream), the chat it answers when useChat started it, and the request that started it.
 *
 * @example
 * ```ts
 * // Bind each stream to its user, then let only that user read or stop it.
 * const onStart = ({ streamId, request }: StreamStartEvent) => owners.set(streamId, userOf(request));
 * const authorize = (request: Request, access: StreamAccess) =>
 *   access.action === 'start' ? isSignedIn(request) : owners.get(access.streamId) === userOf(request);
 * ```
 */
export interface StreamStartEvent {
  streamId: string;
  chatId: string | undefined;
  request: Request;
}

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
  /**
   * Tools the model may call, run on the server: AI SDK `tool()`s with an `execute` (default none). Every request is
   * offered all of them. The route runs the AI SDK's loop (the model calls a tool, the route runs it, the model reads
   * its output and goes on) for at most `maxSteps` model calls, streaming each step: `tool-input-start`,
   * `tool-input-delta`, `tool-input-available`, then `tool-output-available` (or `tool-output-error`), between
   * `start-step` and `finish-step` chunks. A tool that throws does not end the stream: the model is told, the client
   * gets `The tool "<name>" failed.` (the error itself goes to `onError`, phase `tool`), so a tool's errors may hold
   * server details.
   *
   * @example
   * ```ts
   * import { tool } from 'ai';
   * import { z } from 'zod';
   *
   * const weather = tool({
   *   description: 'The weather now in a city',
   *   inputSchema: z.object({ city: z.string() }),
   *   execute: async ({ city }) => ({ city, temperatureC: await thermometer(city) }),
   * });
   * createStreamHandler({ models, defaultModel, tools: { weather }, maxSteps: 2 });
   * ```
   */
  tools?: ToolSet;
  /**
   * With `tools`: the most model calls one answer may make (default 3: a call, its answer, and one more). A model
   * still calling tools at the last step stops there, with finish reason `tool-calls`.
   */
  maxSteps?: number;
  /**
   * Structured outputs a client may ask for by name, with the request's `output` field (default none): the model is
   * called with that JSON schema as its response format (the AI SDK's `Output.object`) and its JSON streams as
   * ordinary text deltas, so any client sees it; one it does not offer is a 400 (`invalid-request`, field
   * `output`), before any provider call. A value is a schema (zod, Standard Schema, `jsonSchema()`), named after
   * its key for the provider, or an AI SDK output spec (`Output.object({ schema, description })`, `Output.array`).
   *
   * @example
   * ```ts
   * const recipe = z.object({ title: z.string(), ingredients: z.array(z.string()), steps: z.array(z.string()) });
   * createStreamHandler({ models, defaultModel, outputs: { recipe } });
   * // client: start({ prompt: 'Pancakes for four', output: 'recipe' }) streams '{"title":"Pancakes",…}'
   * ```
   */
  outputs?: Readonly<Record<string, StructuredOutput>>;
  /**
   * Runs before the body is read; see {@link AuthorizeResult}. It learns what is asked ({@link StreamAccess}): `start`
   * a stream (its id is not known yet), or, with a log, `read` or `stop` the stream `streamId` (and by which chat),
   * so an app can bind streams to users. A chat's resume request that finds nothing running answers 204 unasked.
   */
  authorize?: (request: Request, access: StreamAccess) => AuthorizeResult | Promise<AuthorizeResult>;
  /**
   * With a log: called once a stream exists, before the model is called, with its id (e.g. to bind it to the user
   * for `authorize`, which learns the id of each read and stop). Awaited when it returns a promise; what it returns
   * is ignored (so `owners.set(…)` may be its body); a throw or a rejection refuses the start (500).
   */
  onStart?: (event: StreamStartEvent) => unknown;
  /** Called once a stream completed, with its usage. */
  onFinish?: (event: StreamFinishEvent) => void | Promise<void>;
  /**
   * Called with the original error of every provider or server failure (the client gets a safe summary). Without
   * it, failures of the route itself (a 500) go to `console.error`.
   */
  onError?: (error: unknown, context: { phase: FailurePhase; request: Request }) => void;
  /** Attempts the AI SDK makes on retryable provider errors before giving up (default: the AI SDK's, 2). */
  maxRetries?: number;
  /**
   * How long the provider may send nothing once it started answering (default 60,000 ms). A stalled call is
   * aborted, and the stream ends with an `error` chunk after its partial text.
   */
  idleTimeoutMs?: number;
  /**
   * How long the provider may take to its first content (default: no limit): text, reasoning (a reasoning model's
   * thinking counts: it starts before the answer) or a tool call; past it the call is aborted and the client gets
   * a 504.
   */
  firstTokenTimeoutMs?: number;
  /** Other origins whose browser pages may call the route (default none: same-origin only). */
  allowedOrigins?: AllowedOrigins;
  /**
   * The app runs behind a proxy that sets `X-Forwarded-Host` and `X-Forwarded-Proto` (default false). Same-origin
   * is then judged by them; otherwise by the `Host` header, and those headers, which any client can send, are
   * ignored.
   */
  trustProxy?: boolean;
  /**
   * Where streams live, so that they outlive connections: by default `memoryStreamLog()` (this process; one per
   * handler), or `redisStreamLog()` (shared by every instance of the app). A POST starts a generation detached from
   * the request, and the route also answers `GET <route>/<id>` (replay after `Last-Event-ID`, then live) and
   * `DELETE <route>/<id>` (stop). A POST from the AI SDK's `useChat` (its chat id as `id`) makes the stream the
   * chat's current one: `GET <route>/<chatId>/stream` (useChat's resume) replays it whole and follows it while it
   * runs (204 when nothing runs), `DELETE <route>/<chatId>/stream` stops it. `false`: no log, a stream lives and
   * dies with its request (a client going away aborts the provider call).
   */
  log?: StreamLog | false;
  /**
   * With a log: what a client going away does: nothing (default: the generation goes on for readers that come
   * back), or `'abort'` (the generation stops with the request that started it, as without a log).
   */
  onDisconnect?: 'continue' | 'abort';
  /** With a log: a generation nobody has read for this long is stopped (default 300,000 ms). */
  abandonAfterMs?: number;
  /**
   * With a log on serverless or edge platforms: keeps the generation alive after the response is sent (Vercel's
   * `waitUntil` from `@vercel/functions`, Cloudflare's `ctx.waitUntil`, Next.js `after`).
   */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * The phase a failure happened in, as `onError` reports it: before the model's first content (the client gets an
 * HTTP error), while streaming (an `error` chunk ends the stream), in the route itself (a 500), or in a tool (it
 * threw, or the model called it wrongly: the model is told and the stream goes on).
 *
 * @example
 * ```ts
 * const onError = (error: unknown, { phase }: { phase: FailurePhase }) => log.warn(phase, error);
 * ```
 */
export type FailurePhase = 'before-first-token' | 'streaming' | 'route' | 'tool';

/**
 * Creates a Web-standard route handler `(Request) => Promise<Response>` that streams a model's answer as the AI
 * SDK's UI message stream, for edge runtimes, Next.js route handlers and Node (through an adapter): its text, its
 * reasoning (`reasoning-start`, `-delta`, `-end`), the sources it cites (`source-url`, `source-document`), with
 * `tools` its tool calls and their results step by step, and with `outputs` the structured output a request names.
 * It validates the request, resolves the model from an allow-list, enforces limits, and puts usage, model and
 * finish reason in the finish chunk's message metadata. Each stream is kept in a log (see `log`): a client that drops reconnects to
 * it (`GET <route>/<id>`), any client can stop it (`DELETE <route>/<id>`, which aborts the provider call), and one
 * nobody reads for `abandonAfterMs` is stopped.
 *
 * @example
 * ```ts
 * // app/api/stream/[[...id]]/route.ts (Next.js): one handler for POST /api/stream and GET, DELETE /api/stream/<id>
 * import { openai } from '@ai-sdk/openai';
 * import { createStreamHandler } from '@tokenflow/streaming/server';
 *
 * const handler = createStreamHandler({
 *   models: { 'gpt-4o-mini': openai('gpt-4o-mini') },
 *   defaultModel: 'gpt-4o-mini',
 *   limits: { maxOutputTokens: 2_048 },
 * });
 * export { handler as DELETE, handler as GET, handler as POST };
 * ```
 */
export function createStreamHandler(options: StreamHandlerOptions): (request: Request) => Promise<Response> {
  const modelIds = Object.keys(options.models);
  if (!modelIds.includes(options.defaultModel)) {
    throw new TypeError(`defaultModel "${options.defaultModel}" is not one of the models (${modelIds.join(', ')}).`);
  }
  const maxSteps = options.maxSteps;
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps >= 1)) {
    throw new TypeError(`maxSteps must be a whole number of at least 1 (got ${maxSteps}).`);
  }
  const setup: ModelStreamSetup = { outputs: resolveOutputs(options.outputs) };
  const outputNames = [...setup.outputs.keys()];
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  // One embedded log per handler, made here so that each route (and each test) has its own.
  const log = options.log === false ? undefined : (options.log ?? memoryStreamLog());
  const methods = log ? 'POST, GET, DELETE' : 'POST';
  const report = (error: unknown, phase: FailurePhase, request: Request) => {
    try {
      if (options.onError) options.onError(error, { phase, request });
      else if (phase === 'route') console.error('[tokenflow] The stream route failed (route):', error);
    } catch {
      // A failing logger must not turn a handled failure into another one.
    }
  };

  return async (request) => {
    let cors: Record<string, string> = {};
    try {
      cors = corsHeaders(request, options.allowedOrigins ?? [], options.trustProxy ?? false);
      if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
        return preflightResponse(request, cors, methods);
      }
      if (log && (request.method === 'GET' || request.method === 'DELETE')) {
        const answer = answerLogRequest(log, request, cors, (access) => authorize(options, request, access));
        return await answer.catch((error: unknown) => {
          if (error instanceof RouteError) throw error;
          // The log itself failed (Redis is down or restarting): the client may try again shortly.
          report(error, 'route', request);
          throw new RouteError(503, 'log-unavailable', 'The stream store is unavailable; try again shortly.', {
            retryable: true,
          });
        });
      }
      if (request.method !== 'POST') {
        throw new RouteError(405, 'method-not-allowed', log ? 'Use POST, GET or DELETE.' : 'Use POST.');
      }
      await authorize(options, request, { action: 'start', streamId: undefined });
      const body = await readJsonRequest(request, limits.maxBodyBytes);
      const call = await parseStreamRequest(body, {
        models: modelIds,
        defaultModel: options.defaultModel,
        limits,
        allowSystemMessages: options.allowSystemMessages ?? false,
        outputs: outputNames,
        tools: options.tools !== undefined,
      });
      if (log) return await startDurable(options, setup, log, call, body, request, report, cors);
      return await streamAnswer(options, setup, call, request, report, cors);
    } catch (error) {
      if (error instanceof RouteError) {
        return error.toResponse(error.status === 405 ? { ...cors, allow: methods } : cors);
      }
      report(error, 'route', request);
      return new RouteError(500, 'internal', 'The server failed to handle the request.').toResponse(cors);
    }
  };
}

async function authorize(options: StreamHandlerOptions, request: Request, access: StreamAccess): Promise<void> {
  if (!options.authorize) return;
  const verdict = await options.authorize(request, access);
  if (verdict === true || verdict === undefined) return;
  const status = verdict === false ? 403 : verdict.status;
  const message = (verdict !== false && verdict.message) || (status === 401 ? 'Sign in first.' : 'Not allowed.');
  throw new RouteError(status, status === 401 ? 'unauthorized' : 'forbidden', message);
}
