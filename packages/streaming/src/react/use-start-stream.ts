'use client';

import { useCallback, useEffect, useRef } from 'react';
import type { StartStreamInput, StreamHandle } from '../core/types.js';
import { useStreamingStore } from './context.js';

/**
 * Options of {@link useStartStream}.
 *
 * @example
 * ```ts
 * const start = useStartStream({ abortOnUnmount: true });
 * ```
 */
export interface UseStartStreamOptions {
  /**
   * Abort the streams this component started, still running, when it unmounts (default false: a stream
   * outlives the component that started it, so another can go on rendering it).
   */
  abortOnUnmount?: boolean;
}

/**
 * Returns a stable `start(input) => handle` function. The stream starts at once; pass the handle to any
 * component. Bad input throws a `StreamError` (code `invalid-input`) that names the field.
 *
 * @example
 * ```tsx
 * function Ask({ onStarted }: { onStarted: (handle: StreamHandle) => void }) {
 *   const start = useStartStream();
 *   return <button onClick={() => onStarted(start({ prompt: 'Explain SSE', temperature: 0.3 }))}>Ask</button>;
 * }
 * ```
 */
export function useStartStream(options: UseStartStreamOptions = {}): (input: StartStreamInput) => StreamHandle {
  const store = useStreamingStore();
  // Read at unmount through a ref (the value of the last commit): changing the option is not an unmount.
  const abortOnUnmount = useRef<boolean | undefined>(false);
  useEffect(() => {
    abortOnUnmount.current = options.abortOnUnmount;
  });
  // Handles this component started that may still run; finished ones are pruned at each start.
  const running = useRef(new Set<StreamHandle>());

  useEffect(() => {
    const handles = running.current;
    return () => {
      if (abortOnUnmount.current) for (const handle of handles) store.end(handle, { abort: true }).catch(() => {});
      handles.clear();
    };
  }, [store]);

  return useCallback(
    (input: StartStreamInput) => {
      const handles = running.current;
      for (const handle of handles) if (!store.getView(handle).isRunning) handles.delete(handle);
      const handle = store.start(input);
      handles.add(handle);
      return handle;
    },
    [store],
  );
}
