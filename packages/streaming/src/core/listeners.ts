import type { PortEndMessage, PortLike, StreamHandle, Token, TokenListener } from './types.js';

/**
 * Where a listener comes from: read each time, so that a component or a provider can swap its listener
 * without re-subscribing (the latest one is always the one called).
 */
export type ListenerSource = () => TokenListener | undefined;

/** Reports a listener's failure; must not throw itself. */
export type ListenerErrorReporter = (error: unknown, handle: StreamHandle) => void;

const isPort = (listener: TokenListener): listener is PortLike => typeof listener !== 'function';

/**
 * Gives one token to every listener, in order. A listener that throws is reported and skipped: it breaks
 * neither the stream nor the listeners after it. A plain loop, on purpose: this runs for every token, and a shared
 * loop taking a callback would allocate a closure per token.
 */
export function deliverToken(
  sources: Iterable<ListenerSource>,
  token: Token,
  handle: StreamHandle,
  report: ListenerErrorReporter,
): void {
  for (const source of sources) {
    const listener = source();
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
  sources: Iterable<ListenerSource>,
  message: PortEndMessage,
  report: ListenerErrorReporter,
): void {
  for (const source of sources) {
    const listener = source();
    if (listener === undefined || !isPort(listener)) continue;
    try {
      listener.postMessage(message);
    } catch (error) {
      report(error, message.handle);
    }
  }
}
