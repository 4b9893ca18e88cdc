'use client';

import { type StreamHandle, StreamText, useStreamingStore, useTokens } from '@tokenflow/streaming';
import { useStore } from 'zustand';

/**
 * Whether the model is still thinking: the stream runs and neither the answer's text nor a tool call has started.
 * Read from the store with a selector, so the panel renders when this changes, not at every token of the answer.
 */
function useThinking(handle: StreamHandle): boolean {
  const store = useStreamingStore();
  return useStore(store.state, () => {
    const view = store.getView(handle);
    return view.isRunning && view.tokenCount === 0 && view.toolCalls.length === 0;
  });
}

/** "0.8 s" under ten seconds, "12 s" from there. */
const seconds = (ms: number): string => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

/**
 * The model's reasoning, when it has some: open while it thinks, its text streaming in through
 * `<StreamText part="reasoning">` (appended to the DOM, no React render per token), then folded to
 * "Thought for N s" once the answer (or a tool call) starts. The reader may open or close it at any time.
 */
export function ReasoningPanel({ handle }: { handle: StreamHandle }) {
  const { reasoningMs } = useTokens(handle);
  const thinking = useThinking(handle);
  if (reasoningMs === undefined) return null;
  return (
    <details className="reasoning" open={thinking} data-testid="reasoning">
      <summary data-testid="reasoning-summary">
        {thinking ? 'Thinking…' : `Thought for ${seconds(reasoningMs)}`}
      </summary>
      <StreamText handle={handle} part="reasoning" as="p" className="reasoning-text" data-testid="reasoning-text" />
    </details>
  );
}
