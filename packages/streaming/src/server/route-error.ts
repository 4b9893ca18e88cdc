/**
 * The machine-readable codes of the route's JSON errors.
 *
 * @example
 * ```ts
 * if (body.error.code === 'provider-rate-limited') retryIn(30_000);
 * ```
 */
export type RouteErrorCode =
  | 'method-not-allowed'
  | 'unsupported-media-type'
  | 'too-large'
  | 'invalid-json'
  | 'invalid-request'
  | 'unknown-model'
  | 'unauthorized'
  | 'forbidden'
  | 'forbidden-origin'
  | 'provider-rate-limited'
  | 'provider-quota-exceeded'
  | 'provider-auth'
  | 'provider-rejected'
  | 'provider-unavailable'
  | 'provider-error'
  | 'provider-timeout'
  | 'unknown-stream'
  | 'stream-exists'
  | 'log-unavailable'
  | 'internal';

/**
 * A request the route refuses, or a provider failure before the first token, as an HTTP answer.
 *
 * @example
 * ```ts
 * return new RouteError(403, 'forbidden', 'This team may not use that model.').toResponse();
 * ```
 */
export class RouteError extends Error {
  override readonly name = 'RouteError';
  readonly status: number;
  readonly code: RouteErrorCode;
  readonly retryable: boolean;
  readonly field: string | undefined;
  /** Headers the answer must carry (e.g. `connection: close` after a body cut off mid-read). */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: RouteErrorCode,
    message: string,
    details: { retryable?: boolean; field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryable = details.retryable ?? false;
    this.field = details.field;
    this.headers = details.headers ?? {};
  }

  /** The JSON answer: `{ error: { code, message, retryable, field? } }`. Never includes upstream bodies or secrets. */
  toResponse(headers: Record<string, string> = {}): Response {
    const error = { code: this.code, message: this.message, retryable: this.retryable, field: this.field };
    return new Response(JSON.stringify({ error }), {
      status: this.status,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        ...this.headers,
        ...headers,
      },
    });
  }
}
