'use client';

import { useStore } from 'zustand';
import type { StreamHandle } from '../core/types.js';
import { useStreamingStore } from './context.js';

/**
 * The handles in the store, oldest first: the streams started here, attached, or brought back after a reload by
 * the `resumeOnReload` option. Re-renders only when a handle comes or goes, never for tokens.
 *
 * @example
 * ```tsx
 * // After a reload, show the stream that was running before it.
 * function Resumed() {
 *   const handles = useStreamHandles();
 *   const last = handles.at(-1);
 *   return last ? <StreamText handle={last} /> : null;
 * }
 * ```
 */
export function useStreamHandles(): readonly StreamHandle[] {
  return useStore(useStreamingStore().state, (state) => state.handles);
}
