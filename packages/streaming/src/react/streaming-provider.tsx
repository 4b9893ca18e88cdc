'use client';

import { type ReactNode, useEffect, useState } from 'react';
import type { StreamingStoreOptions } from '../core/options.js';
import { createStreamingStore, type StreamingStore } from '../core/store.js';
import { StreamingStoreContext } from './context.js';

/**
 * Props of {@link StreamingProvider}: either a ready `store`, or the options to create one with.
 *
 * @example
 * ```tsx
 * const props: StreamingProviderProps = { bufferSize: 1_000, throttle: 'frame', children: <App /> };
 * ```
 */
export type StreamingProviderProps = StreamingStoreOptions & {
  /** A store made with `createStreamingStore`; the option props are then ignored. */
  store?: StreamingStore;
  children?: ReactNode;
};

/**
 * Gives a store to the hooks below it. With option props it creates one store on mount and never recreates
 * it: changed props apply to streams started afterwards, and the latest `onToken` / `onError` are called.
 *
 * @example
 * ```tsx
 * <StreamingProvider bufferSize={2_000} onToken={(token) => analytics.count(token.text.length)}>
 *   <Chat />
 * </StreamingProvider>
 * ```
 */
export function StreamingProvider({ store, children, ...options }: StreamingProviderProps): ReactNode {
  const [ownStore] = useState(() => store ?? createStreamingStore(options));
  const active = store ?? ownStore;
  const { bufferSize, onToken, onError, transport, throttle, releaseAfterMs } = options;
  useEffect(() => {
    if (store) return;
    active.configure({ bufferSize, onToken, onError, transport, throttle, releaseAfterMs });
  }, [store, active, bufferSize, onToken, onError, transport, throttle, releaseAfterMs]);
  return <StreamingStoreContext.Provider value={active}>{children}</StreamingStoreContext.Provider>;
}
