import { type StreamHandle, useTokens } from '@tokenflow/streaming';
import { memo } from 'react';
import { formatCount, formatMs } from '../lib/format.js';
import { useRenderCount } from '../lib/use-render-count.js';
import { ScrollingText } from './ScrollingText.js';

/**
 * The stream token by token, each on an alternating background, with its index and arrival time on hover.
 * The only view that reads `tokens`, which the store builds on demand (O(kept tokens) per update).
 */
export const TokenBoundaries = memo(function TokenBoundaries({
  handle,
  label,
}: {
  handle: StreamHandle;
  label: string;
}) {
  const { tokens, isRunning: busy, truncated, tokenCount } = useTokens(handle);
  const renders = useRenderCount();
  return (
    <>
      {truncated && (
        <p className="note">
          Showing the last {formatCount(tokens.length)} of {formatCount(tokenCount)} tokens (buffer size).
        </p>
      )}
      <ScrollingText grows={tokens} busy={busy} label={label} className="token-boundaries" renderCounter={renders}>
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
      </ScrollingText>
    </>
  );
});
