import type { Token } from '@tokenflow/streaming';

/**
 * Live timing of one stream, fed by a token listener: time to first token and the rate so far. It is a plain
 * mutable object on purpose: updating it costs nothing per token, and whoever renders reads it when React
 * re-renders anyway (once per frame, as the view changes).
 */
export class TokenMeter {
  private firstAt: number | undefined;
  private lastAt: number | undefined;
  private count = 0;

  /**
   * The listener: `token.at` is milliseconds since the stream started. Only the answer's tokens count, as in the
   * library's `timing` (first token, tokens per second): a model's reasoning comes before its first token.
   */
  readonly record = (token: Token): void => {
    if (token.kind !== 'text') return;
    this.count++;
    this.firstAt ??= token.at;
    this.lastAt = token.at;
  };

  /** Milliseconds from start to the first token. */
  get ttftMs(): number | undefined {
    return this.firstAt;
  }

  /**
   * Every token received, per second from the first token to the latest: the library's definition of
   * `timing.tokensPerSecond` (which counts to the end), so the live number turns into the final one.
   */
  get tokensPerSecond(): number | undefined {
    if (this.firstAt === undefined || this.lastAt === undefined || this.lastAt <= this.firstAt) return undefined;
    return (this.count * 1_000) / (this.lastAt - this.firstAt);
  }
}
