import { HANDLE_PATTERN } from '../../core/validate.js';
import { RouteError } from '../route-error.js';

/** Checks a stream id a client sent; throws a 400 naming `field` for a malformed one. */
export function checkStreamId(id: unknown, field: string): string {
  // A stream id is a handle, as clients make them (and as this route makes them, with the same `randomId`).
  if (typeof id === 'string' && HANDLE_PATTERN.test(id)) return id;
  throw new RouteError(400, 'invalid-request', `${field} must be 16 to 128 letters, digits, _ or -.`, { field });
}

/**
 * The stream a GET or DELETE is about: `?id=` when given (for file-based routers that map `/api/stream` alone),
 * else the last segment of the path (`/api/stream/<id>`, as Next.js `app/api/stream/[id]/route.ts` receives it).
 */
export function streamIdOf(request: Request): string {
  const url = new URL(request.url);
  const id = url.searchParams.get('id') ?? decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
  return checkStreamId(id, 'id');
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
