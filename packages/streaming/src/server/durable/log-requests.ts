import type { StreamAccess } from '../create-stream-handler.js';
import type { StreamLog } from '../log/stream-log.js';
import { RouteError } from '../route-error.js';
import { logResponse } from './log-response.js';
import { lastEventIdOf, streamAddressOf } from './stream-address.js';

type ReadOrStop = Extract<StreamAccess, { action: 'read' | 'stop' }>;

/**
 * A GET or DELETE of a route with a log, once `authorize` let it through for the stream it is about:
 *
 * - `GET <route>/<id>`: the stream replayed after `Last-Event-ID` (or `?after=`), then followed live; 404 unknown.
 * - `DELETE <route>/<id>`: a stop, wherever the generation runs; 404 unknown.
 * - `GET <route>/<chatId>/stream`, the AI SDK useChat's resume request: the chat's current stream, replayed whole
 *   (useChat sends no `Last-Event-ID`) then followed live, if it still runs; else 204 and no body, which useChat
 *   reads as "nothing to resume". A finished answer is not replayed: useChat would show it as if it were resumed,
 *   and the app has it already (from the response it read, or from its own storage).
 * - `DELETE <route>/<chatId>/stream`: stops the chat's current stream (useChat's own `stop()` only closes its
 *   connection, which does not stop a kept stream); 404 when the chat has none.
 *
 * Failures of the log itself are thrown as they are: the caller answers them with a 503.
 */
export async function answerLogRequest(
  log: StreamLog,
  request: Request,
  headers: Record<string, string>,
  authorize: (access: ReadOrStop) => Promise<void>,
): Promise<Response> {
  const address = streamAddressOf(request);
  const action = request.method === 'GET' ? 'read' : 'stop';
  // Checked before anything is looked up: a malformed header is a 400 whether or not a stream runs.
  const after = action === 'read' ? lastEventIdOf(request) : -1;
  if (address.streamId !== undefined) {
    await authorize({ action, streamId: address.streamId });
    return action === 'read'
      ? logResponse(log, address.streamId, after, request.signal, headers)
      : stopStream(log, address.streamId, headers);
  }
  const { chatId } = address;
  const streamId = await log.chatStream(chatId);
  if (action === 'stop') {
    if (streamId === undefined) throw new RouteError(404, 'unknown-stream', 'This chat has no stream (or it expired).');
    await authorize({ action, streamId, chatId });
    return stopStream(log, streamId, headers);
  }
  const running = streamId !== undefined && (await log.info(streamId))?.over === false;
  if (!running) return nothingToResume(headers);
  await authorize({ action, streamId, chatId });
  return logResponse(log, streamId, after, request.signal, headers).catch((error: unknown) => {
    // Expired between the look and the read: nothing runs any more.
    if (error instanceof RouteError && error.status === 404) return nothingToResume(headers);
    throw error;
  });
}

const nothingToResume = (headers: Record<string, string>): Response =>
  new Response(null, { status: 204, headers: { 'cache-control': 'no-store', ...headers } });

/** Asks the generation to stop, wherever it runs; 404 for an unknown stream. */
async function stopStream(log: StreamLog, streamId: string, headers: Record<string, string>): Promise<Response> {
  const stopped = await log.stop(streamId);
  const over = !stopped && (await log.info(streamId)) !== undefined;
  if (!stopped && !over) throw new RouteError(404, 'unknown-stream', 'No such stream (unknown, or expired).');
  return Response.json({ stopped, over }, { status: 200, headers: { 'cache-control': 'no-store', ...headers } });
}
