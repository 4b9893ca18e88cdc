import { StreamText as LiveText, type StreamHandle, useStreamSelect, useTokens } from '@tokenflow/streaming';
import { memo, useState } from 'react';
import { formatSeconds } from '../lib/format.js';
import { useRenderCount } from '../lib/use-render-count.js';
import { FollowingBox } from './FollowingBox.js';
import { RenderCount } from './RenderCount.js';

/** Props of {@link ReasoningPanel}. */
export interface ReasoningPanelProps {
  handle: StreamHandle;
  /** Names the reasoning's scrolling box apart from the other panels' (compare mode shows three). */
  label: string;
}

/**
 * The model's reasoning, when the stream has some: open while the model thinks, its text streaming in through
 * `StreamText part="reasoning"` (no React render per token), then folded to "Thought for N s" once the answer
 * starts or the stream ends. A reader who opens or closes it keeps it so. It renders for its own part only: each
 * new reasoning duration while it thinks, and once when the thinking ends, never for the answer's tokens.
 */
export const ReasoningPanel = memo(function ReasoningPanel({ handle, label }: ReasoningPanelProps) {
  const { reasoningMs } = useTokens(handle);
  // Not `tokenCount` from the view: that would render this panel at every flush of the answer.
  const thinking = useStreamSelect(handle, (view) => view.isRunning && view.tokenCount === 0);
  const [chosenOpen, setChosenOpen] = useState<boolean>();
  const renders = useRenderCount();
  if (reasoningMs === undefined) return null;

  const open = chosenOpen ?? thinking;
  return (
    <details
      className="reasoning"
      open={open}
      // The toggle event also follows this component's own changes of `open`: only a reader's (a click, Enter,
      // find in page) leaves the element other than rendered.
      onToggle={(event) => {
        if (event.currentTarget.open !== open) setChosenOpen(event.currentTarget.open);
      }}
      data-testid="reasoning"
      data-thinking={thinking}
    >
      <summary>
        <span className="reasoning-title">
          {/* Drawn from this component's state: a pseudo-element keyed on [open] kept a stale triangle in Chromium. */}
          <span className="reasoning-marker" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="reasoning-summary" data-testid="reasoning-summary">
            {thinking ? 'Thinking…' : `Thought for ${formatSeconds(reasoningMs)}`}
          </span>
        </span>
        <RenderCount counter={renders} part="reasoning" />
      </summary>
      <FollowingBox grows={reasoningMs} label={label} className="reasoning-box">
        <LiveText handle={handle} part="reasoning" className="reasoning-text" data-testid="reasoning-text" />
      </FollowingBox>
    </details>
  );
});
