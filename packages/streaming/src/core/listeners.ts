import type { PortEndMessage, PortLike, StreamHandle, Token, TokenListener } from './types.js';

/**
 * Where a listener comes from: read each time, so that a component or a provider can swap its listener
 * without re-subscribing (the latest one is always the one called).
 */
export type ListenerSource = () => TokenListener | undefined;

/** Reports a listener's failure; must not throw itself. */
export type ListenerErrorReporter = (error: unknown, handle: StreamHandle) => void;

const isPort = (listener: TokenListener): listener is PortLike => typeof listener !== 'function';

/** One listener's place in a stream's list; `removed` is set when it is taken out, so a delivery under way skips it. */
interface ListenerEntry {
  readonly source: ListenerSource;
  removed: boolean;
}

/**
 * A stream's listeners. Adding or removing one makes a new array, and a delivery loops over the array it started
 * with: a listener added during a delivery starts with the next token, and one that removes and re-adds itself
 * cannot keep the loop going. Changes are rare and tokens many, so the per-token loop allocates nothing.
 */
export class ListenerList {
  entries: readonly ListenerEntry[] = [];

  /** Adds a listener; returns the function that removes it (at once, also from a delivery under way). */
  add(source: ListenerSource): () => void {
    const entry: ListenerEntry = { source, removed: false };
    this.entries = [...this.entries, entry];
    return () => {
      if (entry.removed) return;
      entry.removed = true;
      this.entries = this.entries.filter((other) => other !== entry);
    };
  }
}

/**
 * Gives one token to every listener, in order. A listener that throws is reported and skipped: it breaks
 * neither the stream nor the listeners after it. A plain loop, on purpose: this runs for every token, and a shared
 * loop taking a callback would allocate a closure per token.
 */
export function deliverToken(
  entries: readonly ListenerEntry[],
  token: Token,
  handle: StreamHandle,
  report: ListenerErrorReporter,
): void {
  for (const entry of entries) {
    const listener = entry.removed ? undefined : entry.source();
    if (listener === undefined) continue;
    try {
      if (isPort(listener)) {
        listener.postMessage({ type: 'token', handle, index: token.index, text: token.text, at: token.at });
      } else {
        listener(token, handle);
      }
    } catch (error) {
      report(error, handle);
    }
  }
}

/** Tells every port listener that the stream ended, so a worker or another tab knows when to stop listening. */
export function deliverEnd(
  entries: readonly ListenerEntry[],
  message: PortEndMessage,
  report: ListenerErrorReporter,
): void {
  for (const entry of entries) {
    const listener = entry.removed ? undefined : entry.source();
    if (listener === undefined || !isPort(listener)) continue;
    try {
      listener.postMessage(message);
    } catch (error) {
      report(error, message.handle);
    }
  }
}
