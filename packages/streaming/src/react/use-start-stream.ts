import { useCallback } from 'react';
import type { StartStreamInput, StreamHandle } from '../core/types.js';
import { useStreamingStore } from './context.js';

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
export function useStartStream(): (input: StartStreamInput) => StreamHandle {
  const store = useStreamingStore();
  return useCallback((input: StartStreamInput) => store.start(input), [store]);
}
