import { randomId } from '../../core/random-id.js';
import type { StreamHandlerOptions } from '../create-stream-handler.js';
import type { StreamLog } from '../log/stream-log.js';
import { isContent, type ModelStreamSetup, modelStream, type Report } from '../model-stream.js';
import type { ModelCall } from '../parse-stream-request.js';
import { classifyProviderError } from '../provider-errors.js';
import { RouteError } from '../route-error.js';
import { runGeneration } from './generation.js';
import { logResponse } from './log-response.js';
import { chatIdOf, checkStreamId } from './stream-address.js';

const DEFAULT_IDLE_MS = 60_000;
const DEFAULT_ABANDON_MS = 5 * 60_000;

/**
 * Starts a durable stream: the model call runs as its own task, its chunks appended to the log under the stream's
 * id (the client's proposal `streamId`, or a new one), and this request reads the log like any other reader. A
 * request from useChat (its chat id as `id`) makes the stream the chat's current one, for its resume request. It
 * answers once the first content is there (text, reasoning, a tool call: a model that thinks long answers when it
 * starts thinking), so a provider that fails before it still gives an HTTP status (429, 503,
 * 504). The client going away does not stop the generation (unless `onDisconnect: 'abort'`); a stop (`DELETE`), or
 * nobody reading for `abandonAfterMs`, does.
 */
export async function startDurable(
  options: StreamHandlerOptions,
  setup: ModelStreamSetup,
  log: StreamLog,
  call: ModelCall,
  body: Record<string, unknown>,
  request: Request,
  report: Report,
  headers: Record<string, string>,
): Promise<Response> {
  const id = body.streamId === undefined ? randomId() : checkStreamId(body.streamId, 'streamId');
  const chatId = chatIdOf(body);
  const created = await log.create(id, { chatId }).catch((error: unknown) => {
    report(error, 'route', request);
    throw new RouteError(503, 'log-unavailable', 'The stream store is unavailable; try again shortly.', {
      retryable: true,
    });
  });
  if (!created)
    throw new RouteError(409, 'stream-exists', 'A stream with this id exists already.', { field: 'streamId' });
  try {
    await options.onStart?.({ streamId: id, chatId, request });
  } catch (error) {
    // Created for this start, which is refused: ended at once, so that no reader of the id waits on it for ever.
    const refused = JSON.stringify({ type: 'abort', reason: 'The stream was refused at its start.' });
    await log.append(id, [refused], true).catch(() => {});
    throw error;
  }

  const upstream = new AbortController();
  // Until the answer starts, this request holds the stream (a model may think for longer than abandonAfterMs), and
  // its client going away is a stop: with no event read, that client has nothing to resume from.
  let heldUntil = Number.POSITIVE_INFINITY;
  const leftBeforeAnswer = () => upstream.abort();
  request.signal.addEventListener('abort', leftBeforeAnswer, { once: true });
  // Gone already (while the request waited to be handled): an abort that fired before anyone listened.
  if (request.signal.aborted) leftBeforeAnswer();
  let timedOut = false;
  const model = modelStream(options, setup, call, request, report, upstream.signal);
  let started!: () => void;
  let failedEarly!: (error: unknown) => void;
  const head = new Promise<void>((resolve, reject) => {
    started = resolve;
    failedEarly = reject;
  });
  const generation = runGeneration({
    log,
    id,
    chunks: model.chunks,
    stopModel: () => upstream.abort(),
    abandonAfterMs: options.abandonAfterMs ?? DEFAULT_ABANDON_MS,
    heldUntil: () => heldUntil,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_MS,
    busy: model.toolsRunning,
    onLogError: (error) => report(error, 'streaming', request),
    onModelError: (error) => report(error, 'streaming', request),
    onStalled: () => report(new Error('No chunk from the provider in time.'), 'streaming', request),
    onChunk(chunk) {
      if (isContent(chunk)) {
        model.markAnswered();
        started();
      } else if (chunk.type === 'error' || (chunk.type === 'abort' && timedOut)) {
        failedEarly(model.failure() ?? new Error(chunk.type === 'error' ? chunk.errorText : 'aborted'));
      } else if (chunk.type === 'abort') {
        // Stopped before its first token (a DELETE, its client gone): readers see that end.
        started();
      }
    },
  });
  // The generation outlives this request: serverless and edge platforms must be told to wait for it.
  options.waitUntil?.(generation);
  void generation.then(started, started);

  const firstTokenTimeoutMs = options.firstTokenTimeoutMs;
  const timer =
    firstTokenTimeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          upstream.abort();
        }, firstTokenTimeoutMs);
  try {
    await head;
  } catch (error) {
    if (timedOut) {
      throw new RouteError(504, 'provider-timeout', 'The model provider sent nothing in time.', { retryable: true });
    }
    throw classifyProviderError(error);
  } finally {
    clearTimeout(timer);
    heldUntil = Date.now();
    request.signal.removeEventListener('abort', leftBeforeAnswer);
  }
  if (options.onDisconnect === 'abort') {
    request.signal.addEventListener('abort', () => void log.stop(id).catch(() => {}), { once: true });
  }
  return logResponse(log, id, -1, request.signal, headers);
}
