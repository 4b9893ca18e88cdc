import { createParser } from 'eventsource-parser';
import { StreamError, type StreamErrorDetails } from '../core/errors.js';
import type { StreamRequest, StreamSink, StreamTransport } from '../core/types.js';
import { startIdleTimer } from './idle-timer.js';
import { UIMessageStreamReader } from './ui-message-stream.js';

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

/** The longest error body read from a failed response: enough for a message, never a huge page. */
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
        const response = await send(api, options, request, stop.signal);
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

async function send(
  api: string,
  options: HttpTransportOptions,
  request: StreamRequest,
  signal: AbortSignal,
): Promise<Response> {
  const { headers, body, ...fields } = request;
  const init: RequestInit = {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...options.headers, ...headers },
    body: JSON.stringify({ ...fields, ...options.body, ...body }),
    signal,
  };
  if (options.credentials !== undefined) init.credentials = options.credentials;
  try {
    return await (options.fetch ?? globalThis.fetch)(api, init);
  } catch (error) {
    throw connectionError(error, signal, `Could not reach ${api}`);
  }
}

async function readStream(
  body: ReadableStream<Uint8Array>,
  sink: StreamSink,
  signal: AbortSignal,
  onBytes: () => void,
): Promise<void> {
  const chunks = new UIMessageStreamReader(sink);
  let failure: StreamError | undefined;
  const parser = createParser({
    maxBufferSize: MAX_EVENT_BYTES,
    onEvent(event) {
      if (failure !== undefined) return;
      try {
        chunks.read(event.data);
      } catch (error) {
        failure = error as StreamError;
      }
    },
    onError(error) {
      failure ??= new StreamError('protocol', `The event stream is malformed: ${error.message}`, { cause: error });
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        throw connectionError(error, signal, 'The connection broke while streaming');
      }
      onBytes();
      parser.feed(next.done ? decoder.decode() : decoder.decode(next.value, { stream: true }));
      if (failure !== undefined) throw failure;
      if (next.done) break;
    }
  } finally {
    // Closing the body closes the connection, so the route (and its provider call) stops too.
    reader.cancel().catch(() => {});
  }
  if (!chunks.finished) {
    throw new StreamError('network', 'The connection closed before the stream finished.', { retryable: true });
  }
}

function connectionError(error: unknown, signal: AbortSignal, context: string): StreamError {
  if (signal.aborted) return new StreamError('aborted', 'The stream was aborted.', { cause: error });
  const detail = error instanceof Error ? error.message : String(error);
  return new StreamError('network', `${context}: ${detail}`, { cause: error, retryable: true });
}

/** What a JSON error body says, in the `{ error: { code, message, retryable } }` shape or a plain `{ error }`. */
function readErrorBody(text: string): { message?: string; code?: string; retryable?: boolean } {
  try {
    const parsed: unknown = JSON.parse(text);
    const error = (parsed as { error?: unknown }).error ?? parsed;
    if (typeof error === 'string') return { message: error };
    const { message, code, retryable } = error as Record<string, unknown>;
    return {
      ...(typeof message === 'string' && { message }),
      ...(typeof code === 'string' && { code }),
      ...(typeof retryable === 'boolean' && { retryable }),
    };
  } catch {
    return {};
  }
}

async function httpError(response: Response): Promise<StreamError> {
  const text = await readPrefix(response, ERROR_BODY_LIMIT);
  const body = readErrorBody(text);
  // Not JSON: the start of the body is the best detail there is.
  const detail = body.message ?? text.trim();
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const details: StreamErrorDetails = {
    status: response.status,
    // The route knows best (a used-up quota is a 429 that no wait will fix); else guess from the status.
    retryable: body.retryable ?? (response.status === 408 || response.status === 429 || response.status >= 500),
  };
  if (body.code !== undefined) details.serverCode = body.code;
  return new StreamError('http', `The route answered ${status}${detail ? `: ${detail.slice(0, 300)}` : '.'}`, details);
}

async function readPrefix(response: Response, limit: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body that breaks while we read an error is still an error; keep what arrived.
  } finally {
    reader.cancel().catch(() => {});
  }
  return text.slice(0, limit);
}
