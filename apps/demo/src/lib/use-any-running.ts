import { type StreamHandle, useStreamingStore } from '@tokenflow/streaming';
import { useStore } from 'zustand';

/**
 * Whether any of the streams is still pending or streaming. Re-renders only when that answer changes, not at
 * every flush of the streams' views.
 */
export function useAnyRunning(handles: readonly StreamHandle[]): boolean {
  const store = useStreamingStore();
  return useStore(store.state, () => handles.some((handle) => store.getView(handle).isRunning));
}
