import { type StreamHandle, useTokens } from '@tokenflow/streaming';
import { formatCount } from '../lib/format.js';
import { useFollowScroll } from '../lib/use-follow-scroll.js';

/**
 * The stream's text as it arrives, paragraph by paragraph. Finished paragraphs keep their string, so React leaves
 * their DOM alone and only the growing last one changes. Reads `text` only, never `tokens` (which costs a copy).
 */
export function StreamText({ handle }: { handle: StreamHandle }) {
  const { text, status, truncated, tokenCount } = useTokens(handle);
  const busy = status === 'pending' || status === 'streaming';
  const { ref, onScroll } = useFollowScroll<HTMLElement>(text);
  return (
    <>
      {truncated && (
        <p className="note">Showing the tail the buffer keeps, of {formatCount(tokenCount)} tokens in all.</p>
      )}
      <section
        ref={ref}
        onScroll={onScroll}
        aria-label="Streamed text"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the text scrolls, so it must be reachable by keyboard.
        tabIndex={0}
        className="stream-text"
        data-testid="stream-text"
        aria-busy={busy}
        data-placeholder={busy ? 'Waiting for the first token…' : 'No text.'}
      >
        {text === ''
          ? null
          : text.split('\n\n').map((paragraph, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs are only appended: the index is their identity.
              <p key={index}>{paragraph}</p>
            ))}
      </section>
    </>
  );
}
