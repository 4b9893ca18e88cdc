import { createParser } from 'eventsource-parser';
import { errorMessage, StreamError } from '../core/errors.js';
import type { StreamSink, StreamTransport } from '../core/types.js';
import { bodyCheck, check, headersCheck, timerMsOrInfinityCheck, validateOptions } from '../core/validate.js';
import { startIdleTimer } from './idle-timer.js';
import { readUIMessageChunk } from './ui-message-stream.js';

/**
 * Options of {@link httpTransport}.
 *
 * @example
 * ```ts
 * const options: HttpTransportOptions = { api: '/api/chat', headers: { authorization: `Bearer ${token}` } };
 * ```
 */
export interface HttpTransportOptions {
  /** The route's URL (default `/api/stream`). Must be absolute outside a browser. */
  api?: string;
  /** Headers sent with every request (a stream's own `headers` win). */
  headers?: Readonly<Record<string, string>>;
  /** Extra JSON fields sent with every request (a stream's own `body` wins). */
  body?: Readonly<Record<string, unknown>>;
  /** The fetch to use (default: the global one, looked up at each request). */
  fetch?: typeof fetch;
  /** Whether the browser sends cookies (default: the fetch default, `same-origin`). */
  credentials?: RequestCredentials;
  /**
   * How long the route may send nothing, while connecting or while streaming, before the stream is closed with a
   * `timeout` error (default 120,000 ms: long enough for a reasoning model's first token; `Infinity` turns it off).
   */
  idleTimeoutMs?: number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

const HTTP_OPTION_CHECKS = {
  api: check((value) => typeof value === 'string', 'must be a URL string'),
  headers: headersCheck,
  body: bodyCheck,
  fetch: check((value) => typeof value === 'function', 'must be a function'),
  credentials: check(
    (value) => ['omit', 'same-origin', 'include'].includes(value),
    "must be 'omit', 'same-origin' or 'include'",
  ),
  idleTimeoutMs: timerMsOrInfinityCheck,
};

/** The longest error body read from a failed response, in characters. */
const ERROR_BODY_LIMIT = 4096;
/** The largest single SSE event accepted; a bigger one is a broken or hostile stream. */
const MAX_EVENT_BYTES = 4 * 1024 * 1024;

/**
 * The default transport: POSTs the request as JSON to an AI SDK route and reads its UI message stream (SSE).
 * Works with any route that answers `createUIMessageStreamResponse(…)` or `result.toUIMessageStreamResponse()`.
 *
 * @example
 * ```ts
 * const store = createStreamingStore({
 *   transport: httpTransport({ api: 'https://example.com/api/chat', headers: { 'x-team': 'docs' } }),
 * });
 * ```
 */
export function httpTransport(options: HttpTransportOptions = {}): StreamTransport {
  validateOptions(options, HTTP_OPTION_CHECKS);
  const api = options.api ?? '/api/stream';
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  return {
    async run(request, sink, signal) {
      // One signal for both reasons to stop: the caller's abort, and a route that went silent.
      const stop = new AbortController();
      const forwardAbort = () => stop.abort(signal.reason);
      signal.addEventListener('abort', forwardAbort, { once: true });
      let idle = false;
      const timer = startIdleTimer(idleTimeoutMs, () => {
        idle = true;
        stop.abort();
      });
      try {
        const { headers, body, ...fields } = request;
        const init: RequestInit = {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...options.headers, ...headers },
          body: JSON.stringify({ ...fields, ...options.body, ...body }),
          signal: stop.signal,
        };
        if (options.credentials !== undefined) init.credentials = options.credentials;
        let response: Response;
        try {
          response = await (options.fetch ?? globalThis.fetch)(api, init);
        } catch (error) {
          throw connectionError(error, stop.signal, `Could not reach ${api}`);
        }
        timer.touch();
        if (!response.ok) throw await httpError(response);
        const contentType = response.headers.get('content-type') ?? '';
        if (!contentType.includes('text/event-stream') || response.body === null) {
          await response.body?.cancel().catch(() => {});
          throw new StreamError(
            'protocol',
            `The route answered ${contentType || 'no content type'}, not a UI message stream (text/event-stream).`,
          );
        }
        await readStream(response.body, sink, stop.signal, timer.touch);
      } catch (error) {
        if (!idle) throw error;
        throw new StreamError('timeout', `The route sent nothing for ${idleTimeoutMs} ms, so the stream was closed.`, {
          retryable: true,
          cause: error,
        });
      } finally {
        timer.stop();
        signal.removeEventListener('abort', forwardAbort);
      }
    },
  };
}

/**
 * Reads `body` as text, giving each decoded piece to `onText` (the last one when the body ends) until the body
 * ends or `onText` returns true. Always closes the body: that closes the connection, so the route (and its
 * provider call) stops too.
 */
async function readText(
  body: ReadableStream<Uint8Array>,
  onText: (text: string) => unknown | Promise<unknown>,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (let done = false; !done; ) {
      const next = await reader.read();
      done = next.done;
      if (await onText(decoder.decode(next.value, { stream: !done }))) break;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** The most SSE text parsed in one go: about 450 events, a few milliseconds. */
const FEED_SLICE_CHARS = 32_768;
/** The first slice of a read: a few dozen events. */
const FIRST_SLICE_CHARS = 4_096;

/** Lets the page render and handle input: `scheduler.yield()` where there is one (Chromium), else a timer. */
function yieldToPage(): Promise<void> {
  const { scheduler } = globalThis as { scheduler?: { yield?: () => Promise<void> } };
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/** Feeds the SSE body through the parser into `sink`; throws the first failure the stream reports or contains. */
async function readStream(
  body: ReadableStream<Uint8Array>,
  sink: StreamSink,
  signal: AbortSignal,
  onBytes: () => void,
): Promise<void> {
  let finished = false;
  let failure: StreamError | undefined;
  const parser = createParser({
    maxBufferSize: MAX_EVENT_BYTES,
    onEvent(event) {
      try {
        if (!failure && readUIMessageChunk(event.data, sink)) finished = true;
      } catch (error) {
        failure = error as StreamError;
      }
    },
    onError(error) {
      failure ??= new StreamError('protocol', `The event stream is malformed: ${error.message}`, { cause: error });
    },
  });
  await readText(body, async (text) => {
    onBytes();
    // A big piece (a burst the network delivered at once) is parsed in slices, and the page gets to run between
    // them: its first tokens show before the rest is parsed, and no single task parses megabytes.
    // The first slice is small: the page shows the burst's first tokens after a millisecond of parsing, not ten.
    for (let at = 0, end = FIRST_SLICE_CHARS; at < text.length && !signal.aborted; end = at + FEED_SLICE_CHARS) {
      if (at > 0) await yieldToPage();
      parser.feed(text.slice(at, end));
      if (failure) throw failure;
      at = end;
    }
    // The finish chunk is the end of the stream: what the route does after it (a slow close, a dropped connection)
    // cannot change the answer, so stop reading now, which also closes the connection.
    return finished;
  }).catch((error: unknown) => {
    // Either our own failure, thrown above, or the connection's.
    throw failure ?? connectionError(error, signal, 'The connection broke while streaming');
  });
  if (!finished) {
    throw new StreamError('network', 'The connection closed before the stream finished.', { retryable: true });
  }
}

/** A failed fetch or read: `aborted` when we aborted it, else a retryable `network` error saying where. */
function connectionError(error: unknown, signal: AbortSignal, context: string): StreamError {
  if (signal.aborted) return new StreamError('aborted', 'The stream was aborted.', { cause: error });
  return new StreamError('network', `${context}: ${errorMessage(error)}`, { cause: error, retryable: true });
}

/**
 * The error for a non-2xx answer, with what its body says: the `{ error: { code, message, retryable } }` shape of
 * `createStreamHandler`, a plain `{ error }`, or else the start of the body as text.
 */
async function httpError(response: Response): Promise<StreamError> {
  let text = '';
  // Read at most ERROR_BODY_LIMIT characters: enough for a message, never a huge page. A body that breaks while
  // we read it is still an error; keep what arrived.
  if (response.body) {
    await readText(response.body, (piece) => {
      text += piece;
      return text.length >= ERROR_BODY_LIMIT;
    }).catch(() => {});
  }
  text = text.slice(0, ERROR_BODY_LIMIT);
  let error: unknown;
  try {
    const parsed = JSON.parse(text);
    error = parsed.error ?? parsed;
  } catch {}
  const { status, statusText } = response;
  // Object(…) so a string or number answer destructures too; each field is type-checked where it is used.
  const { message = error, code, retryable } = Object(error);
  // Not JSON: the start of the body is the best detail there is.
  const detail = typeof message === 'string' ? message : text.trim();
  return new StreamError(
    'http',
    `The route answered HTTP ${status}${statusText ? ` ${statusText}` : ''}${detail ? `: ${detail.slice(0, 300)}` : '.'}`,
    {
      status,
      // The route knows best (a used-up quota is a 429 that no wait will fix); else guess from the status.
      retryable: typeof retryable === 'boolean' ? retryable : status === 408 || status === 429 || status >= 500,
      ...(typeof code === 'string' && { serverCode: code }),
    },
  );
}
