/**
 * What went wrong, as a machine-readable code.
 *
 * - `invalid-input`: a start input or an `end` option was rejected before anything was sent.
 * - `invalid-options`: a store option was rejected.
 * - `http`: the route answered with an HTTP error status (see `status`).
 * - `provider`: the route reported a failure of the model provider (an `error` chunk).
 * - `protocol`: the response was not a readable UI message stream (wrong content type, malformed chunk).
 * - `network`: the connection failed or dropped before the stream finished.
 * - `aborted`: the stream was aborted (by the server, or by the caller while a request was still pending).
 * - `timeout`: `end(handle, { timeoutMs })` ran out of time.
 * - `unknown-handle`: `end` was given a handle this store does not know (never started, or already released).
 * - `listener`: a token listener threw; reported through the store's `onError`, never rethrown.
 *
 * @example
 * ```ts
 * const retryLater = (code: StreamErrorCode) => code === 'network' || code === 'timeout';
 * ```
 */
export type StreamErrorCode =
  | 'invalid-input'
  | 'invalid-options'
  | 'http'
  | 'provider'
  | 'protocol'
  | 'network'
  | 'aborted'
  | 'timeout'
  | 'unknown-handle'
  | 'listener';

/**
 * Extra facts an error may carry.
 *
 * @example
 * ```ts
 * throw new StreamError('http', 'The route answered HTTP 429', { status: 429, retryable: true });
 * ```
 */
export interface StreamErrorDetails {
  /** The input or option field that was rejected (for `invalid-input` and `invalid-options`). */
  field?: string;
  /** The HTTP status of the response (for `http`). */
  status?: number;
  /** Whether trying again later may succeed (e.g. 429 and 5xx answers, dropped connections). */
  retryable?: boolean;
  /** The route's own error code, when its answer had one (e.g. `provider-auth` from `createStreamHandler`). */
  serverCode?: string;
  /** The underlying error, when there is one. */
  cause?: unknown;
}

/**
 * The one error type Tokenflow reports: a message a person can read plus a `code` a program can switch on.
 *
 * @example
 * ```ts
 * const result = await end(handle);
 * if (result.error?.code === 'http' && result.error.status === 429) showRetryLater();
 * ```
 */
export class StreamError extends Error {
  override readonly name = 'StreamError';
  // `declare`: the constructor sets every field, so the class needs no field definitions of its own (fewer bytes).
  declare readonly code: StreamErrorCode;
  declare readonly field: string | undefined;
  declare readonly status: number | undefined;
  declare readonly retryable: boolean;
  declare readonly serverCode: string | undefined;

  constructor(code: StreamErrorCode, message: string, details: StreamErrorDetails = {}) {
    // Error reads only `cause` from its options: no cause given, none set (not an own `cause: undefined`).
    super(message, details.cause === undefined ? undefined : details);
    this.code = code;
    this.field = details.field;
    this.status = details.status;
    this.retryable = details.retryable ?? false;
    this.serverCode = details.serverCode;
  }
}

/**
 * Tells whether a value is a {@link StreamError}, also across bundle copies of this package.
 *
 * @example
 * ```ts
 * try { start({ prompt: '' }); } catch (error) { if (isStreamError(error)) console.log(error.field); }
 * ```
 */
export function isStreamError(value: unknown): value is StreamError {
  return (
    value instanceof StreamError ||
    (value instanceof Error && value.name === 'StreamError' && typeof (value as StreamError).code === 'string')
  );
}

/**
 * Wraps anything thrown by a transport into a StreamError, keeping typed errors as they are: anything else is a
 * retryable `network` error (a fetch or a read that failed).
 */
export function toStreamError(value: unknown): StreamError {
  return isStreamError(value)
    ? value
    : new StreamError('network', errorMessage(value) || 'The stream failed.', { cause: value, retryable: true });
}

/** The message of anything thrown: an Error's own, else the value as text. */
export const errorMessage = (value: unknown): string => (value instanceof Error ? value.message : String(value));
