import { errorMessage, StreamError } from '../core/errors.js';
import { readText } from './sse-reader.js';

/** The longest error body read from a failed response, in characters. */
const ERROR_BODY_LIMIT = 4096;

/** A failed fetch or read: `aborted` when we aborted it, else a retryable `network` error saying where. */
export function connectionError(error: unknown, signal: AbortSignal, context: string): StreamError {
  if (signal.aborted) return new StreamError('aborted', 'The stream was aborted.', { cause: error });
  return new StreamError('network', `${context}: ${errorMessage(error)}`, { cause: error, retryable: true });
}

/**
 * The error for a non-2xx answer, with what its body says: the `{ error: { code, message, retryable } }` shape of
 * `createStreamHandler`, a plain `{ error }`, or else the start of the body as text.
 */
export async function httpError(response: Response): Promise<StreamError> {
  let text = '';
  // Read at most ERROR_BODY_LIMIT characters: enough for a message, never a huge page. A body that breaks while
  // we read it is still an error; keep what arrived.
  if (response.body) {
    await readText(response.body, (piece) => {
      text += piece;
      return text.length >= ERROR_BODY_LIMIT;
    }).catch(() => {});
  }
  text = text.slice(0, ERROR_BODY_LIMIT);
  let error: unknown;
  try {
    const parsed = JSON.parse(text);
    error = parsed.error ?? parsed;
  } catch {}
  const { status, statusText } = response;
  // Object(…) so a string or number answer destructures too; each field is type-checked where it is used.
  const { message = error, code, retryable } = Object(error);
  // Not JSON: the start of the body is the best detail there is.
  const detail = typeof message === 'string' ? message : text.trim();
  return new StreamError(
    'http',
    `The route answered HTTP ${status}${statusText ? ` ${statusText}` : ''}${detail ? `: ${detail.slice(0, 300)}` : '.'}`,
    {
      status,
      // The route knows best (a used-up quota is a 429 that no wait will fix); else guess from the status.
      retryable: typeof retryable === 'boolean' ? retryable : status === 408 || status === 429 || status >= 500,
      ...(typeof code === 'string' && { serverCode: code }),
    },
  );
}
