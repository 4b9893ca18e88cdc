import type { ReactNode, RefObject } from 'react';
import { FollowingBox } from './FollowingBox.js';
import { RenderCount } from './RenderCount.js';

/** What an empty text view says (shown by CSS on `:empty`): the stream is still coming, or it brought nothing. */
export const placeholder = (busy: boolean): string => (busy ? 'Waiting for the first token…' : 'No text.');

/**
 * The scrolling box both text views share: it follows the end as `grows` changes (unless the reader scrolled up),
 * is reachable by keyboard, and is busy while the stream runs. Its `label` names the region, and must tell it
 * apart from the other streams' (compare mode shows three). The view's render count sits on its corner, outside
 * the scrolling text.
 */
export function ScrollingText({
  grows,
  busy,
  label,
  className,
  renderCounter,
  children,
}: {
  grows: unknown;
  busy: boolean;
  label: string;
  className?: string;
  /** From `useRenderCount()` in the text view. */
  renderCounter: RefObject<HTMLSpanElement | null>;
  children: ReactNode;
}) {
  return (
    <div className="text-frame">
      <FollowingBox
        grows={grows}
        label={label}
        className={className ? `stream-text ${className}` : 'stream-text'}
        data-testid="stream-text"
        aria-busy={busy}
        data-placeholder={placeholder(busy)}
      >
        {children}
      </FollowingBox>
      <RenderCount counter={renderCounter} part="answer" />
    </div>
  );
}
