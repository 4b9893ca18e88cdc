'use client';

import { isReasoning, type StreamHandle, StreamText, useStreamSelect } from '@tokenflow/streaming';

const THINKING = 'Thinking…';

/** "0.8 s" under ten seconds, "12 s" from there. */
const seconds = (ms: number): string => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

/**
 * The model's reasoning, when it has some: open while it thinks, its text streaming in through
 * `<StreamText part="reasoning">` (appended to the DOM, no React render per token), then folded to
 * "Thought for N s" once the answer (or a tool call) starts. The reader may open or close it at any time.
 */
export function ReasoningPanel({ handle }: { handle: StreamHandle }) {
  // What the summary says, selected from the view: this renders when that changes (the panel appears, it folds),
  // not at every frame of the thinking or of the answer.
  const summary = useStreamSelect(handle, (view) => {
    if (view.reasoningMs === undefined) return undefined;
    return isReasoning(view) ? THINKING : `Thought for ${seconds(view.reasoningMs)}`;
  });
  if (summary === undefined) return null;
  const thinking = summary === THINKING;
  return (
    <details className="reasoning" open={thinking} data-testid="reasoning">
      <summary data-testid="reasoning-summary">{summary}</summary>
      <StreamText handle={handle} part="reasoning" as="p" className="reasoning-text" data-testid="reasoning-text" />
    </details>
  );
}
