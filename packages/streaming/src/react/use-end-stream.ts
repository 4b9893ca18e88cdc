'use client';

import { useCallback } from 'react';
import type { EndStreamOptions, StreamHandle, StreamResult } from '../core/types.js';
import { useStreamingStore } from './context.js';

/**
 * Returns a stable `end(handle, options?) => Promise<StreamResult>` function: it waits for the stream and
 * resolves the complete response (text, usage, finish reason, timing). `{ abort: true }` stops it now and keeps
 * the partial text; `{ timeoutMs }` bounds the wait. It resolves also when the stream failed (see `status` and
 * `error`) and rejects only for an unknown handle.
 *
 * @example
 * ```tsx
 * function Stop({ handle }: { handle: StreamHandle }) {
 *   const end = useEndStream();
 *   return <button onClick={async () => console.log((await end(handle, { abort: true })).text)}>Stop</button>;
 * }
 * ```
 */
export function useEndStream(): (handle: StreamHandle, options?: EndStreamOptions) => Promise<StreamResult> {
  const store = useStreamingStore();
  return useCallback((handle: StreamHandle, options?: EndStreamOptions) => store.end(handle, options), [store]);
}
