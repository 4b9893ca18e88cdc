import type { PortEndMessage, StreamHandle, Token, TokenListener } from './types.js';

/**
 * Where a listener comes from: read each time, so that a component or a provider can swap its listener
 * without re-subscribing (the latest one is always the one called).
 */
export type ListenerSource = () => TokenListener | undefined;

/** Reports a listener's failure; must not throw itself. */
export type ListenerErrorReporter = (error: unknown, handle: StreamHandle) => void;

/** One listener's place in a stream's list; `removed` is set when it is taken out, so a delivery under way skips it. */
interface ListenerEntry {
  readonly source: ListenerSource;
  removed: boolean;
}

/** A stream's listeners, and the delivery of its tokens and of its end to them. */
export interface StreamListeners {
  /** Adds a listener; returns the function that removes it (at once, also from a delivery under way). */
  add(source: ListenerSource): () => void;
  /**
   * Gives one token to every listener, in order. A listener that throws is reported and skipped: it breaks
   * neither the stream nor the listeners after it.
   */
  token(token: Token): void;
  /**
   * Tells every port listener that the stream ended, so a worker or another tab knows when to stop listening. Ended
   * by a listener while a token is being delivered: the listeners after it get that token first, then the end.
   */
  end(message: PortEndMessage): void;
}

/**
 * Creates a stream's listener list. Adding or removing one makes a new array, and a delivery loops over the array
 * it started with: a listener added during a delivery starts with the next token, and one that removes and re-adds
 * itself cannot keep the loop going. Changes are rare and tokens many, so the per-token loop allocates nothing.
 */
export function createStreamListeners(handle: StreamHandle, report: ListenerErrorReporter): StreamListeners {
  let entries: readonly ListenerEntry[] = [];
  /** True while a token is being given to the listeners. */
  let delivering = false;
  /** The end message, when a listener ended the stream during a delivery: sent once that delivery is over. */
  let pendingEnd: PortEndMessage | undefined;

  // Plain loops, on purpose: this runs for every token, and a shared loop taking a callback would allocate a closure
  // per token.
  const deliverToken = (token: Token): void => {
    for (const entry of entries) {
      const listener = entry.removed ? undefined : entry.source();
      if (!listener) continue;
      try {
        if (typeof listener === 'function') listener(token, handle);
        else listener.postMessage({ type: 'token', handle, index: token.index, text: token.text, at: token.at });
      } catch (error) {
        report(error, handle);
      }
    }
  };
  const deliverEnd = (message: PortEndMessage): void => {
    for (const entry of entries) {
      const listener = entry.removed ? undefined : entry.source();
      if (!listener || typeof listener === 'function') continue;
      try {
        listener.postMessage(message);
      } catch (error) {
        report(error, handle);
      }
    }
  };

  return {
    add(source) {
      const entry: ListenerEntry = { source, removed: false };
      entries = [...entries, entry];
      return () => {
        if (entry.removed) return;
        entry.removed = true;
        entries = entries.filter((other) => other !== entry);
      };
    },

    token(token) {
      delivering = true;
      deliverToken(token);
      delivering = false;
      const end = pendingEnd;
      if (end) {
        pendingEnd = undefined;
        deliverEnd(end);
      }
    },

    end(message) {
      if (delivering) pendingEnd = message;
      else deliverEnd(message);
    },
  };
}
