import type { StreamHandle, TokenListener } from './types.js';

/**
 * Where a listener comes from: read each time, so that a component or a provider can swap its listener
 * without re-subscribing (the latest one is always the one called).
 */
export type ListenerSource = () => TokenListener | undefined;

/** Reports a listener's failure; must not throw itself. */
export type ListenerErrorReporter = (error: unknown, handle: StreamHandle) => void;

/**
 * One listener's place in a stream's list (kept by its record, `stream-record.ts`); `removed` is set when it is taken
 * out, so a delivery under way skips it.
 *
 * How a list behaves: adding or removing a listener makes a new array, and a delivery loops over the array it
 * started with, so a listener added during a delivery starts with the next token, and one that removes and re-adds
 * itself cannot keep the loop going. Changes are rare and tokens many, so the per-token loop allocates nothing. A
 * listener that throws is reported and skipped: it breaks neither the stream nor the listeners after it. A stream
 * ended by a listener while a token is being delivered tells its ports after that delivery.
 */
export interface ListenerEntry {
  readonly source: ListenerSource;
  removed: boolean;
}
