import { StreamText as LiveText, type StreamHandle, useTokens } from '@tokenflow/streaming';
import { formatCount } from '../lib/format.js';
import { useFollowScroll } from '../lib/use-follow-scroll.js';

/**
 * The stream's text as it arrives, through the library's `StreamText`: new text is appended to the page, and only
 * the last line is laid out again at each update, however long the answer grows. This component re-renders only
 * for what is around the text (the note, and scrolling along); React never touches the text itself.
 */
export function StreamText({ handle }: { handle: StreamHandle }) {
  const { status, truncated, tokenCount } = useTokens(handle);
  const busy = status === 'pending' || status === 'streaming';
  const { ref, onScroll } = useFollowScroll<HTMLElement>(tokenCount);
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
      >
        <LiveText
          handle={handle}
          className="stream-body"
          data-placeholder={busy ? 'Waiting for the first token…' : 'No text.'}
        />
      </section>
    </>
  );
}
