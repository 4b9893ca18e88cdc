import { type StreamHandle, type StreamView, useStreamingStore } from '@tokenflow/streaming';
import { useStore } from 'zustand';

/**
 * One fact about a stream, for a component that needs it from another part than its own: it re-renders only when
 * the fact changes. The reasoning panel asks "has the answer started?" here, so that it does not render at every
 * flush of the answer's tokens, as reading `tokenCount` from `useTokens` would make it. `select` must answer a
 * primitive (or the same object), as it is compared with `Object.is`.
 */
export function useStreamSelect<Value>(handle: StreamHandle, select: (view: StreamView) => Value): Value {
  const store = useStreamingStore();
  return useStore(store.state, () => select(store.getView(handle)));
}
