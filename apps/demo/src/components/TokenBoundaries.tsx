import { type StreamHandle, useTokens } from '@tokenflow/streaming';
import { formatCount, formatMs } from '../lib/format.js';
import { useFollowScroll } from '../lib/use-follow-scroll.js';

/**
 * The stream token by token, each on an alternating background, with its index and arrival time on hover.
 * The only view that reads `tokens`, which the store builds on demand (O(kept tokens) per update).
 */
export function TokenBoundaries({ handle }: { handle: StreamHandle }) {
  const { tokens, status, truncated, tokenCount } = useTokens(handle);
  const busy = status === 'pending' || status === 'streaming';
  const { ref, onScroll } = useFollowScroll<HTMLElement>(tokens);
  return (
    <>
      {truncated && (
        <p className="note">
          Showing the last {formatCount(tokens.length)} of {formatCount(tokenCount)} tokens (buffer size).
        </p>
      )}
      <section
        ref={ref}
        onScroll={onScroll}
        aria-label="Streamed text"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the text scrolls, so it must be reachable by keyboard.
        tabIndex={0}
        className="stream-text token-boundaries"
        data-testid="stream-text"
        aria-busy={busy}
        data-placeholder={busy ? 'Waiting for the first token…' : 'No text.'}
      >
        {tokens.map((token) => (
          <span
            key={token.index}
            className="token"
            data-parity={token.index % 2}
            title={`#${token.index} at ${formatMs(token.at)}`}
          >
            {token.text}
          </span>
        ))}
      </section>
    </>
  );
}
