import { RouteError } from './route-error.js';

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** AI SDK errors that mean the request's messages cannot form a prompt: the client's fault, found before any call. */
const PROMPT_ERRORS = new Set([
  'AI_InvalidPromptError',
  'AI_MissingToolResultsError',
  'AI_InvalidMessageRoleError',
  'AI_MessageConversionError',
  'AI_InvalidDataContentError',
]);

/** The error behind AI SDK wrappers: a RetryError's last attempt, or the error itself. */
function rootError(error: unknown): unknown {
  const last = field(error, 'lastError');
  return last === undefined ? error : last;
}

/**
 * Turns a provider failure into a safe, useful answer: which kind of failure, and whether a retry may help.
 * The provider's own message and body are never passed on (they may echo keys, prompts or internal details);
 * the deployer sees the original error through `onError`.
 */
export function classifyProviderError(error: unknown): RouteError {
  const root = rootError(error);
  const name = field(root, 'name');
  if (typeof name === 'string' && PROMPT_ERRORS.has(name)) {
    return new RouteError(400, 'invalid-request', 'The messages do not form a valid prompt for the model.');
  }
  const status = field(root, 'statusCode');
  if (status === 429 && field(root, 'isRetryable') === false) {
    // OpenAI answers a used-up quota with 429 too, but marks it final: waiting does not refill a quota.
    return new RouteError(429, 'provider-quota-exceeded', "The model provider's quota for this server is used up.");
  }
  if (status === 429) {
    return new RouteError(
      429,
      'provider-rate-limited',
      'The model provider is rate limiting requests; try again later.',
      {
        retryable: true,
      },
    );
  }
  if (status === 401 || status === 403) {
    return new RouteError(502, 'provider-auth', 'The server could not authenticate with the model provider.');
  }
  if (typeof status === 'number' && status >= 500) {
    return new RouteError(503, 'provider-unavailable', 'The model provider is unavailable; try again later.', {
      retryable: true,
    });
  }
  if (typeof status === 'number' && status >= 400) {
    return new RouteError(502, 'provider-rejected', `The model provider rejected the request (HTTP ${status}).`);
  }
  if (name === 'AI_APICallError') {
    return new RouteError(503, 'provider-unavailable', 'The model provider could not be reached; try again later.', {
      retryable: true,
    });
  }
  return new RouteError(502, 'provider-error', 'The model provider failed while answering.', {
    retryable: field(root, 'isRetryable') === true,
  });
}
