import { RouteError } from './route-error.js';

/**
 * Which other origins may call the route from a browser: a list of origins (`https://app.example.com`), or `'*'`
 * for any. Same-origin requests, and requests without an `Origin` header (servers, curl), are always allowed.
 *
 * @example
 * ```ts
 * const allowedOrigins: AllowedOrigins = ['https://app.example.com', 'http://localhost:3000'];
 * ```
 */
export type AllowedOrigins = readonly string[] | '*';

/** The first value of a header a proxy may have written as a list (`a, b`): the one the client's side set. */
const firstOf = (value: string | null): string | undefined => value?.split(',')[0]?.trim() || undefined;

/**
 * The origin the browser asked for. Behind a framework or a proxy, `request.url` is often not it (Next.js hands
 * route handlers http://localhost:PORT while the page is on 127.0.0.1), so the `Host` header says the host; a
 * trusted proxy's `X-Forwarded-Host` and `X-Forwarded-Proto` win over it. Untrusted, those headers are ignored:
 * any client can send them.
 */
function requestedOrigin(request: Request, trustProxy: boolean): string {
  const url = new URL(request.url);
  const forwarded = (name: string) => (trustProxy ? firstOf(request.headers.get(name)) : undefined);
  const host = forwarded('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const protocol = forwarded('x-forwarded-proto') ?? url.protocol.replace(/:$/, '');
  return `${protocol}://${host}`;
}

/**
 * The CORS headers a response to this request carries; throws a 403 for a cross-origin request from an origin
 * that is not allowed, before anything else is done for it.
 */
export function corsHeaders(request: Request, allowed: AllowedOrigins, trustProxy = false): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origin === null || origin === requestedOrigin(request, trustProxy)) return {};
  if (allowed !== '*' && !allowed.includes(origin)) {
    throw new RouteError(403, 'forbidden-origin', `Requests from ${origin} are not allowed.`);
  }
  return { 'access-control-allow-origin': origin, vary: 'origin' };
}

/** The answer to a CORS preflight from an allowed origin. */
export function preflightResponse(request: Request, headers: Record<string, string>, methods = 'POST'): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': methods,
      'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? 'content-type',
      'access-control-max-age': '600',
    },
  });
}
