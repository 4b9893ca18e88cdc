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

/**
 * The CORS headers a response to this request carries; throws a 403 for a cross-origin request from an origin
 * that is not allowed, before anything else is done for it.
 */
export function corsHeaders(request: Request, allowed: AllowedOrigins): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origin === null || origin === new URL(request.url).origin) return {};
  if (allowed !== '*' && !allowed.includes(origin)) {
    throw new RouteError(403, 'forbidden-origin', `Requests from ${origin} are not allowed.`);
  }
  return { 'access-control-allow-origin': origin, vary: 'origin' };
}

/** The answer to a CORS preflight from an allowed origin. */
export function preflightResponse(request: Request, headers: Record<string, string>): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? 'content-type',
      'access-control-max-age': '600',
    },
  });
}
