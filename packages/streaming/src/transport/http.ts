import { StreamError } from '../core/errors.js';
import type { StreamHandle, StreamRequest, StreamSink, StreamTransport } from '../core/types.js';
import {
  bodyCheck,
  check,
  headersCheck,
  nonNegativeIntegerCheck,
  timerMsCheck,
  timerMsOrInfinityCheck,
  validateOptions,
} from '../core/validate.js';
import { connectionError, httpError } from './http-errors.js';
import { startIdleTimer } from './idle-timer.js';
import { readStream, type StreamPosition } from './sse-reader.js';

/**
 * Whether a browser sends cookies with the request (fetch's `credentials`). Declared here so that the types need
 * no DOM library.
 *
 * @example
 * ```ts
 * const credentials: HttpCredentials = 'include';
 * ```
 */
export type HttpCredentials = 'omit' | 'same-origin' | 'include';

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
  credentials?: HttpCredentials;
  /**
   * How long the route may send nothing, while connecting or while streaming, before the connection is given up
   * (default 120,000 ms: long enough for a reasoning model's first token; `Infinity` turns it off). A durable stream
   * then reconnects; another ends with a `timeout` error.
   */
  idleTimeoutMs?: number;
  /**
   * How many times in a row a durable stream (one whose route numbers its events) reconnects after its connection
   * dropped, before it ends with a `network` error (default 5; `0` never reconnects).
   */
  maxReconnects?: number;
  /** The wait before the first reconnect, doubled for each next one, up to 8 s (default 250 ms). */
  reconnectDelayMs?: number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
const MAX_RECONNECT_DELAY_MS = 8_000;

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
  maxReconnects: nonNegativeIntegerCheck,
  reconnectDelayMs: timerMsCheck,
};

/** Waits `ms`, or less when one of `signals` aborts. */
const pause = (ms: number, ...signals: AbortSignal[]): Promise<void> =>
  new Promise((resolve) => {
    if (signals.some((signal) => signal.aborted)) return resolve();
    const timer = setTimeout(done, ms);
    for (const signal of signals) signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * The default transport: POSTs the request as JSON to an AI SDK route and reads its UI message stream (SSE).
 * Works with any route that answers `createUIMessageStreamResponse(…)` or `result.toUIMessageStreamResponse()`.
 * When the route keeps its streams (`createStreamHandler` with a log), a dropped connection is not the end: the
 * transport reconnects (`GET <api>/<id>` with `Last-Event-ID`) and goes on with the next event, so every token
 * arrives exactly once.
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
  const maxReconnects = options.maxReconnects ?? 5;
  const reconnectDelayMs = options.reconnectDelayMs ?? 250;

  const headersOf = (request: StreamRequest): Record<string, string> => ({
    accept: 'text/event-stream',
    ...options.headers,
    ...request.headers,
  });
  const credentials = options.credentials === undefined ? {} : { credentials: options.credentials };

  /**
   * The streams this transport reads now, by handle: where each stands (a durable one: its id and last event), and
   * how to cut short its wait before a reconnect (a stop wants the stream's final state now).
   */
  const following = new Map<StreamHandle, StreamPosition & { hurry: AbortController; request: StreamRequest }>();
  const streamUrl = (streamId: string) => `${api}/${encodeURIComponent(streamId)}`;

  /**
   * Reads one stream over as many connections as it takes: the first request (`init`), then, after a drop, a
   * resume of a durable stream from the last event read. Its position starts at `startId` and `startAfter`
   * (its id, and the last event already read): unknown for a new stream, known for one it attaches to.
   */
  async function follow(
    request: StreamRequest,
    firstInit: RequestInit,
    firstUrl: string,
    sink: StreamSink,
    signal: AbortSignal,
    startId?: string,
    startAfter?: number,
  ): Promise<void> {
    let init = firstInit;
    let url = firstUrl;
    const hurry = new AbortController();
    // The stream's position, read and moved on by readStream, with what a stop needs.
    const position = { streamId: startId, lastEventId: startAfter, hurry, request };
    following.set(sink.handle, position);

    /** One request (`init` to `url`) and the reading of its answer, until the stream finished; throws how it failed. */
    async function connect(reconnect: boolean): Promise<void> {
      // This connection stops for the caller's abort, and on its own when the route goes silent.
      const connection = new AbortController();
      const forwardAbort = () => connection.abort(signal.reason);
      signal.addEventListener('abort', forwardAbort, { once: true });
      let idle = false;
      const timer = startIdleTimer(idleTimeoutMs, () => {
        idle = true;
        connection.abort();
      });
      try {
        let response: Response;
        try {
          response = await (options.fetch ?? globalThis.fetch)(url, { ...init, signal: connection.signal });
        } catch (error) {
          throw connectionError(error, connection.signal, `Could not reach ${api}`);
        }
        timer.touch();
        if (!response.ok) throw await httpError(response);
        const contentType = response.headers.get('content-type') ?? '';
        if (!contentType.includes('text/event-stream') || response.body === null) {
          await response.body?.cancel().catch(() => {});
          throw new StreamError(
            'protocol',
            `The route answered ${contentType || 'no content type'}, not text/event-stream.`,
          );
        }
        if (reconnect) sink.reconnected();
        await readStream(response.body, sink, connection.signal, position, timer.touch);
      } catch (error) {
        if (!idle || signal.aborted) throw error;
        throw new StreamError('timeout', `The route sent nothing for ${idleTimeoutMs} ms.`, {
          retryable: true,
          cause: error,
        });
      } finally {
        timer.stop();
        signal.removeEventListener('abort', forwardAbort);
      }
    }

    try {
      for (let failures = 0; ; ) {
        const before = position.lastEventId;
        const reconnect = failures > 0;
        try {
          await connect(reconnect);
          return;
        } catch (error) {
          // Events came through since the last drop: this is a new drop, with every attempt ahead of it again.
          if (position.lastEventId !== before) failures = 0;
          // A drop, a silent connection, or a reconnect the server could not answer yet (a restart, 503).
          const dropped =
            error instanceof StreamError &&
            (error.code === 'network' ||
              error.code === 'timeout' ||
              (reconnect && error.code === 'http' && error.retryable));
          const { streamId, lastEventId } = position;
          const resumable = dropped && streamId !== undefined && lastEventId !== undefined;
          if (!resumable || signal.aborted || failures >= maxReconnects) throw error;
          if (failures === 0) sink.reconnecting();
          await pause(Math.min(reconnectDelayMs * 2 ** failures, MAX_RECONNECT_DELAY_MS), signal, hurry.signal);
          failures++;
          url = streamUrl(streamId);
          init = {
            method: 'GET',
            headers: { ...headersOf(request), 'last-event-id': String(lastEventId) },
            ...credentials,
          };
        }
      }
    } finally {
      following.delete(sink.handle);
    }
  }

  return {
    run(request, sink, signal) {
      const { headers, body, ...fields } = request;
      const init: RequestInit = {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headersOf(request) },
        // The handle is proposed as the stream's id: a route that keeps streams then knows it by the same name.
        body: JSON.stringify({ ...fields, ...options.body, ...body, streamId: sink.handle }),
        ...credentials,
      };
      return follow(request, init, api, sink, signal);
    },

    attach(sink, signal) {
      const init: RequestInit = { method: 'GET', headers: headersOf({}), ...credentials };
      // From the first event: the id is known, and every event is new to this reader.
      return follow({}, init, streamUrl(sink.handle), sink, signal, sink.handle, -1);
    },

    async stop(handle) {
      const stream = following.get(handle);
      if (stream === undefined) return false;
      const { streamId, lastEventId, hurry, request } = stream;
      // Only a stream whose route numbers its events outlives its connection: one whose first event came without a
      // number stops by an abort alone.
      const durable = streamId !== undefined && lastEventId !== undefined;
      if (streamId !== undefined && lastEventId === undefined) return false;
      const stopping = (options.fetch ?? globalThis.fetch)(streamUrl(streamId ?? handle), {
        method: 'DELETE',
        // The stream's own headers too: the route may ask the same credentials to stop it as to start it.
        headers: { ...options.headers, ...request.headers },
        ...credentials,
      }).then(async (response) => {
        await response.body?.cancel().catch(() => {});
        return response.ok;
      });
      // No event read yet: the route may have started it under the proposed id (its handle), so it is asked to stop
      // that too; but the request is aborted now (a route that has not answered takes that for a stop), without
      // waiting on a route that may be slow to answer the stop.
      if (!durable) {
        stopping.catch(() => {});
        return false;
      }
      const stopped = await stopping;
      // Reconnecting: no more waiting, the stream's end is there to read.
      if (stopped) hurry.abort();
      return stopped;
    },
  };
}
