'use client';

import { useEffect, useRef, useState } from 'react';
import { type StreamError, toStreamError } from '../core/errors.js';
import { IDLE_VIEW } from '../core/store.js';
import type { StreamHandle, StreamView, TokenListener } from '../core/types.js';
import { useStreamingStore } from './context.js';
import { useTrackedView } from './use-tracked-view.js';

/**
 * Options of {@link useTokens}.
 *
 * @example
 * ```ts
 * const options: UseTokensOptions = { onToken: (token) => speak(token.text) };
 * ```
 */
export interface UseTokensOptions {
  /**
   * Called for every token of this handle while the component is mounted, never throttled. The latest value
   * is always the one called, without re-subscribing.
   */
  onToken?: TokenListener | undefined;
  /**
   * Read this handle even if this store did not start it: a stream started in another tab or on another device,
   * its handle passed in a URL. It is attached (`store.attach`) while mounted, from its first token. A handle that
   * is not one gives an `error` view (`invalid-input`).
   */
  attach?: boolean | undefined;
}

/**
 * The live view of a stream: status, text, tokens, counts, reasoning, tool calls, sources, data parts, and once
 * known usage and finish reason. Re-renders at most once per frame (the store's `throttle`), and only when a field
 * this component read changed: one that reads `text` does not render for reasoning or tool calls. A null or
 * undefined handle gives the idle view. While mounted, the component keeps the handle in the store.
 *
 * @example
 * ```tsx
 * function Answer({ handle }: { handle: StreamHandle | null }) {
 *   const { status, isRunning, text, error } = useTokens(handle);
 *   if (status === 'error') return <p role="alert">{error?.message}</p>;
 *   return <p aria-busy={isRunning}>{text}</p>;
 * }
 * ```
 */
export function useTokens(handle: StreamHandle | null | undefined, options: UseTokensOptions = {}): StreamView {
  const store = useStreamingStore();
  const view = useTrackedView(store, handle);
  const [refused, setRefused] = useState<{ handle: StreamHandle; error: StreamError }>();

  const { attach } = options;
  useEffect(() => {
    if (!handle) return;
    try {
      // Attached before it is retained, so that this reader keeps it.
      if (attach) store.attach(handle);
    } catch (error) {
      setRefused({ handle, error: toStreamError(error) });
    }
    return store.retain(handle);
  }, [store, handle, attach]);

  const listener = useRef(options.onToken);
  // Updated after every commit: the latest listener is called, without re-subscribing on each render.
  useEffect(() => {
    listener.current = options.onToken;
  });
  const listens = options.onToken !== undefined;
  useEffect(() => (handle && listens ? store.addTokenListener(handle, listener) : undefined), [store, handle, listens]);

  return refused && refused.handle === handle ? { ...IDLE_VIEW, handle, status: 'error', error: refused.error } : view;
}
