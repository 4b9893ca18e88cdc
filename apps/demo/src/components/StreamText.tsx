import { StreamText as LiveText, type StreamHandle, useTokens } from '@tokenflow/streaming';
import { memo } from 'react';
import { formatCount } from '../lib/format.js';
import { useRenderCount } from '../lib/use-render-count.js';
import { placeholder, ScrollingText } from './ScrollingText.js';

/**
 * The stream's text as it arrives, through the library's `StreamText`: new text is appended to the page, and only
 * the last line is laid out again at each update, however long the answer grows. This component re-renders only
 * for what is around the text (the note, and scrolling along); React never touches the text itself.
 */
export const StreamText = memo(function StreamText({ handle, label }: { handle: StreamHandle; label: string }) {
  const { isRunning: busy, truncated, tokenCount } = useTokens(handle);
  const renders = useRenderCount();
  return (
    <>
      {truncated && (
        <p className="note">Showing the tail the buffer keeps, of {formatCount(tokenCount)} tokens in all.</p>
      )}
      <ScrollingText grows={tokenCount} busy={busy} label={label} renderCounter={renders}>
        {/* The section around always holds this element, so the placeholder is this element's own. */}
        <LiveText handle={handle} className="stream-body" data-placeholder={placeholder(busy)} />
      </ScrollingText>
    </>
  );
});
