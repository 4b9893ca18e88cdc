import { UI_MESSAGE_STREAM_HEADERS } from 'ai';
import type { StreamLog } from '../log/stream-log.js';
import { RouteError, type RouteErrorCode } from '../route-error.js';

const encoder = new TextEncoder();

/**
 * A 200 answer that replays stream `id` from the log after event `after`, then follows it live until its end,
 * each event numbered with its SSE `id:` (what a reader sends back as `Last-Event-ID`), then `data: [DONE]`.
 * The reading stops when the client goes away (`signal`); the stream itself goes on.
 * Throws a 404 for an unknown or expired stream, and a 400 for a position past its end.
 */
export async function logResponse(
  log: StreamLog,
  id: string,
  after: number,
  signal: AbortSignal,
  headers: Record<string, string>,
): Promise<Response> {
  const info = await log.info(id);
  if (info === undefined) throw new RouteError(404, 'unknown-stream', 'No such stream (unknown, or expired).');
  if (after > info.events - 1) {
    throw new RouteError(400, 'invalid-request', `Last-Event-ID is past the stream's end (${info.events - 1}).`, {
      field: 'Last-Event-ID',
    });
  }
  const reading = new AbortController();
  const stopReading = () => reading.abort();
  signal.addEventListener('abort', stopReading, { once: true });
  // Gone already (while the answer started): nothing is read for nobody.
  if (signal.aborted) stopReading();
  const events = await log.read(id, after, reading.signal);
  if (events === undefined) throw new RouteError(404, 'unknown-stream', 'No such stream (unknown, or expired).');
  const iterator = events[Symbol.asyncIterator]();
  const finish = () => {
    signal.removeEventListener('abort', stopReading);
    reading.abort();
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
          finish();
          return;
        }
        controller.enqueue(encoder.encode(`id: ${next.value.seq}\ndata: ${next.value.data}\n\n`));
      } catch {
        // The log failed under the reader (Redis went away): an error event, then the end. Its `code` tells our
        // clients that the store failed, not the model (AI SDK clients read `errorText` and ignore the rest).
        const failure = {
          type: 'error',
          errorText: 'The stream store is unavailable; reconnect to resume.',
          code: 'log-unavailable' satisfies RouteErrorCode,
        };
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(failure)}\n\ndata: [DONE]\n\n`));
        controller.close();
        finish();
      }
    },
    cancel() {
      finish();
      void iterator.return?.();
    },
  });
  return new Response(body, { headers: { ...UI_MESSAGE_STREAM_HEADERS, ...headers } });
}
