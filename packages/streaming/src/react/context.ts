'use client';

import { createContext, useContext } from 'react';
import { createStreamingStore, type StreamingStore } from '../core/store.js';

/** The store the nearest `<StreamingProvider>` gives; null outside any provider. */
export const StreamingStoreContext = createContext<StreamingStore | null>(null);

let defaultStore: StreamingStore | undefined;

/**
 * The store the hooks use: the nearest provider's, or else one default store shared by the whole app, created
 * on first use, so the hooks work with no set-up.
 *
 * @example
 * ```tsx
 * function Stop({ handle }: { handle: StreamHandle }) {
 *   const store = useStreamingStore();
 *   return <button onClick={() => store.release(handle)}>Discard</button>;
 * }
 * ```
 */
export function useStreamingStore(): StreamingStore {
  const store = useContext(StreamingStoreContext);
  if (store) return store;
  defaultStore ??= createStreamingStore();
  return defaultStore;
}
