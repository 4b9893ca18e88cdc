'use client';

import { useEffect } from 'react';
import { useStore } from 'zustand';
import { IDLE_VIEW } from '../core/store.js';
import type { StreamHandle, StreamView } from '../core/types.js';
import { useStreamingStore } from './context.js';

/**
 * One fact derived from a stream's view, for a component that must not render each time the view changes: it
 * renders only when `select`'s answer changes (compared with `Object.is`, so answer a primitive, or an object the view
 * already holds). `useTokens` renders when a field read changed; a fact such as "is the model still thinking?"
 * changes once while `tokenCount` changes at every frame. A null or undefined handle selects from the idle view.
 * While mounted, the component keeps the handle in the store.
 *
 * @example
 * ```tsx
 * function ThinkingLabel({ handle }: { handle: StreamHandle }) {
 *   // Renders twice in a whole stream: when thinking starts and when it stops.
 *   const thinking = useStreamSelect(handle, isReasoning);
 *   return <summary>{thinking ? 'Thinking…' : 'Thought about it'}</summary>;
 * }
 * ```
 */
export function useStreamSelect<Value>(
  handle: StreamHandle | null | undefined,
  select: (view: StreamView) => Value,
): Value {
  const store = useStreamingStore();
  useEffect(() => (handle ? store.retain(handle) : undefined), [store, handle]);
  return useStore(store.state, () => select(handle ? store.getView(handle) : IDLE_VIEW));
}
