import { HANDLE_PATTERN } from '../../core/validate.js';
import { RouteError } from '../route-error.js';

/** Checks a stream id a client sent; throws a 400 naming `field` for a malformed one. */
export function checkStreamId(id: unknown, field: string): string {
  // A stream id is a handle, as clients make them (and as this route makes them, with the same `randomId`).
  if (typeof id === 'string' && HANDLE_PATTERN.test(id)) return id;
  throw new RouteError(400, 'invalid-request', `${field} must be 16 to 128 letters, digits, _ or -.`, { field });
}

/** What a GET or DELETE is about: one stream, or a chat's current stream (the AI SDK useChat's resume request). */
export type StreamAddress = { streamId: string; chatId?: undefined } | { chatId: string; streamId?: undefined };

/** A path segment decoded; a malformed escape (`%E0%A4`) is a bad id, not a failure of the route. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RouteError(400, 'invalid-request', 'The path has a malformed %-escape.', { field: 'id' });
  }
}

/**
 * What a GET or DELETE is about: `?id=` when given (for file-based routers that map `/api/stream` alone), else the
 * path: `<route>/<chatId>/stream` names a chat (useChat's `reconnectToStream` asks there; `stream` is never a
 * stream id, which is 16 characters or more), any other last segment a stream (`<route>/<id>`, as a Next.js
 * catch-all route `app/api/stream/[[...id]]/route.ts` receives it). Throws a 400 for a malformed id.
 */
export function streamAddressOf(request: Request): StreamAddress {
  const url = new URL(request.url);
  const byQuery = url.searchParams.get('id');
  if (byQuery !== null) return { streamId: checkStreamId(byQuery, 'id') };
  const segments = url.pathname.split('/');
  const last = decodeSegment(segments.at(-1) ?? '');
  if (last === 'stream' && segments.length > 2) {
    const chatId = decodeSegment(segments.at(-2) ?? '');
    if (HANDLE_PATTERN.test(chatId)) return { chatId };
    // `<route>` alone when the route is named `stream`, or a chat id that is no id: either way, none named.
    throw new RouteError(
      400,
      'invalid-request',
      'Name a stream (<route>/<id>) or a chat (<route>/<chatId>/stream): ids are 16 to 128 letters, digits, _ or -.',
      { field: 'id' },
    );
  }
  return { streamId: checkStreamId(last, 'id') };
}

/**
 * The chat a POST answers in: useChat sends its chat id as `id`. One that could not be named in a resume request
 * (not 16 to 128 letters, digits, _ or -) is not remembered; the stream itself is served as any other.
 */
export function chatIdOf(body: Record<string, unknown>): string | undefined {
  return typeof body.id === 'string' && HANDLE_PATTERN.test(body.id) ? body.id : undefined;
}

/** The largest event number a client may name: far past any real stream, well inside a safe integer. */
const MAX_EVENT_ID = 1e12;

/**
 * The last event a reader already has (`Last-Event-ID`, or `?after=`): the read starts after it. `-1`, or nothing,
 * reads from the start. Anything else than a whole number from -1 on is a 400.
 */
export function lastEventIdOf(request: Request): number {
  const url = new URL(request.url);
  const given = request.headers.get('last-event-id') ?? url.searchParams.get('after');
  if (given === null || given === '') return -1;
  const value = Number(given);
  if (!/^-?\d+$/.test(given.trim()) || !Number.isSafeInteger(value) || value < -1 || value > MAX_EVENT_ID) {
    throw new RouteError(400, 'invalid-request', 'Last-Event-ID must be a whole number from -1 on.', {
      field: 'Last-Event-ID',
    });
  }
  return value;
}
