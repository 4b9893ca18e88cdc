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
 * Calls `send` with every listener, in order. A listener that throws is reported and skipped: it breaks neither
 * the stream nor the listeners after it.
 */
function deliver(
  sources: Iterable<ListenerSource>,
  handle: StreamHandle,
  report: ListenerErrorReporter,
  send: (listener: TokenListener) => void,
): void {
  for (const source of sources) {
    const listener = source();
    try {
      if (listener !== undefined) send(listener);
    } catch (error) {
      report(error, handle);
    }
  }
}

/** Gives one token to every listener: functions get the token, ports a `token` message. */
export function deliverToken(
  sources: Iterable<ListenerSource>,
  token: Token,
  handle: StreamHandle,
  report: ListenerErrorReporter,
): void {
  deliver(sources, handle, report, (listener) =>
    isPort(listener)
      ? listener.postMessage({ type: 'token', handle, index: token.index, text: token.text, at: token.at })
      : listener(token, handle),
  );
}

/** Tells every port listener that the stream ended, so a worker or another tab knows when to stop listening. */
export function deliverEnd(
  sources: Iterable<ListenerSource>,
  message: PortEndMessage,
  report: ListenerErrorReporter,
): void {
  deliver(sources, message.handle, report, (listener) => isPort(listener) && listener.postMessage(message));
}
