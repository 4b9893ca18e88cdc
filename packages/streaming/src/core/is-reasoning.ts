import type { StreamView } from './types.js';

/**
 * Whether the model is reasoning now: the stream runs, and neither its answer nor a tool call has begun. The one
 * rule for "still thinking?", shared by `<StreamText part="reasoning">` (busy while it holds) and any panel that folds
 * once the thinking is over; pass it to `useStreamSelect` to render only when it changes.
 *
 * @example
 * ```tsx
 * const thinking = useStreamSelect(handle, isReasoning); // renders when thinking starts and when it stops
 * ```
 */
export const isReasoning = (view: StreamView): boolean =>
  view.isRunning && view.tokenCount === 0 && view.toolCalls.length === 0;
