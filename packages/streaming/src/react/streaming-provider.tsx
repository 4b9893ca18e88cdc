'use client';

import { type ReactNode, useEffect, useRef, useState } from 'react';
import { STORE_OPTION_KEYS, type StreamingStoreOptions } from '../core/options.js';
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
 * it: changed props apply to streams started afterwards (only they: an option set with `store.configure` stays
 * until its prop changes), and the latest `onToken` / `onError` are called.
 *
 * @example
 * ```tsx
 * <StreamingProvider bufferSize={2_000} onToken={(token) => analytics.count(token.text.length)}>
 *   <Chat />
 * </StreamingProvider>
 * ```
 */
export function StreamingProvider({ store, children, ...options }: StreamingProviderProps): ReactNode {
  // `resumeOnReload` is set by the effect below, not at creation: a store React makes and throws away (a Strict
  // Mode render) must not attach streams.
  const withoutResume = { ...options, resumeOnReload: undefined };
  const [ownStore] = useState(() => store ?? createStreamingStore(withoutResume));
  const active = store ?? ownStore;
  // The props the store was last given: only the ones that change are set again, so an option set another way
  // (`store.configure` in a component below) is not undone when an unrelated prop changes.
  const given = useRef<StreamingStoreOptions>(withoutResume);
  useEffect(() => {
    if (store) return;
    const changed: Record<string, unknown> = {};
    for (const key of STORE_OPTION_KEYS) if (options[key] !== given.current[key]) changed[key] = options[key];
    given.current = options;
    // None changed: configuring with no option is a no-op.
    active.configure(changed as StreamingStoreOptions);
  });
  return <StreamingStoreContext.Provider value={active}>{children}</StreamingStoreContext.Provider>;
}
