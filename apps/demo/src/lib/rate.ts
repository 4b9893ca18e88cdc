/**
 * The one definition of a stream's rate the page uses, in words for its tooltips. It is the library's
 * `timing.tokensPerSecond` once the stream has ended; while it runs, the same count over the time so far.
 */
export const RATE_DEFINITION =
  'Tokens received per second, counted from the first token to the end of the stream (to the latest token while it runs).';

/** What "First token" means on the page. */
export const FIRST_TOKEN_DEFINITION = 'Time from Start to the first token.';
