import type { UIMessageChunk } from 'ai';
import type { IdleTimer } from '../transport/idle-timer.js';
import type { StreamHandlerOptions } from './create-stream-handler.js';
import { isContent, type ModelStreamSetup, modelStream, type Report } from './model-stream.js';
import type { ModelCall } from './parse-stream-request.js';
import { classifyProviderError } from './provider-errors.js';
import { RouteError } from './route-error.js';
import { startSilenceTimer } from './silence-timer.js';
import { sseEvents, sseResponse } from './ui-message-sse.js';

const DEFAULT_IDLE_MS = 60_000;

const stalled = () =>
  new RouteError(504, 'provider-timeout', 'The model provider stopped sending; the call was abandoned.', {
    retryable: true,
  });

/** `read`, or `'late'` once `ms` have passed (never, when `ms` is undefined). */
function readWithin<T>(read: Promise<T>, ms: number | undefined): Promise<T | 'late'> {
  if (ms === undefined) return read;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('late'), ms);
    read.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Calls the model and answers once its first content arrives (text, reasoning, a tool call: see `isContent`): a failure before that becomes an HTTP error
 * status (so clients and proxies see 429 or 503), one after it an `error` chunk in the stream.
 *
 * The provider call has its own abort controller, fired by the client going away and by every way this route
 * stops reading: cancelling the AI SDK's streams does not close the provider connection, only its signal does.
 */
export async function streamAnswer(
  options: StreamHandlerOptions,
  setup: ModelStreamSetup,
  call: ModelCall,
  request: Request,
  report: Report,
  headers: Record<string, string>,
): Promise<Response> {
  const upstream = new AbortController();
  const stopUpstream = () => upstream.abort();
  if (request.signal.aborted) stopUpstream();
  else request.signal.addEventListener('abort', stopUpstream, { once: true });
  // Removed once the answer is over: left on the request's signal, it would keep the request alive (the Node
  // adapter's signal outlives the request).
  const forgetRequest = () => request.signal.removeEventListener('abort', stopUpstream);

  const model = modelStream(options, setup, call, request, report, upstream.signal);
  const reader = model.chunks.getReader();
  // Once the answer started, a provider silent for idleTimeoutMs is abandoned: its call is aborted, and the abort
  // chunk the AI SDK then sends is told apart from the client's own by this flag.
  let stalledProvider = false;
  let idle: IdleTimer | undefined;
  const giveUp = () => {
    idle?.stop();
    stopUpstream();
    forgetRequest();
    reader.cancel().catch(() => {});
  };

  const head = await readHead(reader, options.firstTokenTimeoutMs, request, report).catch((error: unknown) => {
    giveUp();
    throw error instanceof RouteError ? error : classifyProviderError(model.failure() ?? error);
  });
  model.markAnswered();
  idle = startSilenceTimer(options.idleTimeoutMs ?? DEFAULT_IDLE_MS, model.toolsRunning, () => {
    stalledProvider = true;
    stopUpstream();
  });
  // One byte stream, pulled from the AI SDK's chunk reader: its first buffer holds the whole head, the first
  // token included, so the client gets the start of the answer in one write.
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length > 0) controller.enqueue(sseEvents(head));
    },
    async pull(controller) {
      const next = await reader.read().catch((error: unknown) => {
        // The provider's stream broke (a reset connection): tell the client what kind of failure it was.
        report(error, 'streaming', request);
        const chunk: UIMessageChunk = { type: 'error', errorText: classifyProviderError(error).message };
        return { done: false as const, value: chunk };
      });
      idle?.touch();
      if (next.done) {
        idle?.stop();
        controller.enqueue(sseEvents([], true));
        controller.close();
        forgetRequest();
        return;
      }
      // An abort the client did not ask for is the provider idle timeout firing.
      const timedOut = next.value.type === 'abort' && (stalledProvider || !request.signal.aborted);
      if (timedOut) report(new Error('No chunk from the provider in time.'), 'streaming', request);
      const chunk: UIMessageChunk = timedOut ? { type: 'error', errorText: stalled().message } : next.value;
      const last = timedOut || chunk.type === 'error';
      controller.enqueue(sseEvents([chunk], last));
      if (last) {
        controller.close();
        giveUp();
      }
    },
    cancel: giveUp,
  });
  return sseResponse(body, headers);
}

/**
 * Reads up to the first content chunk. Throws a RouteError when the provider fails or stays silent for
 * `firstTokenTimeoutMs` first (timed here: the idle timer only starts once the answer started).
 */
async function readHead(
  reader: ReadableStreamDefaultReader<UIMessageChunk>,
  firstTokenTimeoutMs: number | undefined,
  request: Request,
  report: Report,
): Promise<UIMessageChunk[]> {
  const head: UIMessageChunk[] = [];
  const deadline = firstTokenTimeoutMs === undefined ? undefined : Date.now() + firstTokenTimeoutMs;
  for (;;) {
    const next = await readWithin(reader.read(), deadline === undefined ? undefined : deadline - Date.now());
    if (next === 'late' || (!next.done && next.value.type === 'abort' && !request.signal.aborted)) {
      report(new Error('The provider sent no content in time.'), 'before-first-token', request);
      throw stalled();
    }
    if (next.done) return head;
    if (next.value.type === 'error') throw new Error('The provider failed before its first token.');
    head.push(next.value);
    if (isContent(next.value)) return head;
  }
}
