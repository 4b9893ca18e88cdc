/**
 * The one definition of a stream's rate the page uses, in words for its tooltips. It is the library's
 * `timing.tokensPerSecond` once the stream has ended; while it runs, the same count over the time so far. Like the
 * library's, it counts the answer's tokens: a model's reasoning is shown, but not counted.
 */
export const RATE_DEFINITION =
  "Tokens of the answer received per second, counted from the first token to the end of the stream (to the latest token while it runs); the model's reasoning is not counted.";

/** What "First token" means on the page. */
export const FIRST_TOKEN_DEFINITION =
  "Time from Start to the first token of the answer (the model's reasoning comes before it).";
