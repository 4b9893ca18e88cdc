import type { StreamError } from './errors.js';
import type { ListenerEntry, ListenerErrorReporter, ListenerSource } from './listeners.js';
import type { HandleStorage } from './resume-on-reload.js';
import { createStreamParts } from './stream-parts.js';
import { createTokenBuffer, type TokenBuffer } from './token-buffer.js';
import type {
  PortEndMessage,
  StreamHandle,
  StreamMetadata,
  StreamResult,
  StreamSink,
  StreamStatus,
  StreamTransport,
  StreamView,
  Token,
} from './types.js';

/** A monotonic clock in milliseconds (present in browsers, Node, Deno and edge runtimes). */
const monotonicNow = (): number => performance.now();

type EndedStatus = StreamResult['status'];

/**
 * One stream's mutable record: status, kept tokens, counters, timing, metadata and its abort controller.
 * Appending a token is O(1). React never sees this object, only the immutable views built from it.
 */
export interface StreamRecord {
  readonly handle: StreamHandle;
  readonly buffer: TokenBuffer;
  /** The reasoning tokens, kept by the same rule as the text's. */
  readonly reasoningBuffer: TokenBuffer;
  /**
   * Adds a listener of this stream's tokens and end (see `listeners.ts`); returns the function that removes it, at
   * once, also from a delivery under way.
   */
  addListener(source: ListenerSource): () => void;
  readonly controller: AbortController;
  /**
   * What the transport writes into: each token goes to the buffer and the listeners, and a token, metadata or a
   * reconnect change calls `changed` (the store then publishes a fresh view at its next flush). Calls once the
   * stream is over are ignored.
   */
  readonly sink: StreamSink;
  /** Where its handle is kept while it runs, so that a reloaded page resumes it (`resumeOnReload`). */
  storage: HandleStorage | undefined;
  /** Attached by `resumeOnReload`: if the route no longer has it, it is dropped rather than shown as an error. */
  resumed: boolean;
  /** Mounted components reading this handle (see `handle-lifetime.ts`). */
  readers: number;
  /** The memoized result of `end`, so calling it twice returns the same object. */
  result: Promise<StreamResult> | undefined;
  /** Resolves when the stream reached `done`, `error` or `aborted`. */
  readonly settled: Promise<void>;
  /** The transport that runs this stream (the store's may change later). */
  readonly transport: StreamTransport;
  /**
   * Whether the stream reached `done`, `error` or `aborted`. A method, not a getter: getters on an object literal
   * give each record a shape of its own, which slows every access to records.
   */
  isOver(): boolean;
  /**
   * Moves the stream to its final status and tells the port listeners; returns false when it was already over.
   * Calls `changed`.
   */
  finish(status: EndedStatus, error?: StreamError): boolean;
  /** A fresh immutable view: O(tokens since the previous view), plus O(bufferSize / chunk size) when bounded. */
  buildView(): StreamView;
  /** The complete response; call once the stream is over. */
  buildResult(): StreamResult;
}

/**
 * Creates a stream's record, status `pending`. A closure rather than a class: the state only the record reads
 * (clocks, status, error, reconnect counts) is locals, which the minifier shortens, not fields named at every use.
 */
export function createStreamRecord(
  handle: StreamHandle,
  bufferSize: number,
  transport: StreamTransport,
  reportListenerError: ListenerErrorReporter,
  changed: () => void,
): StreamRecord {
  const buffer = createTokenBuffer(bufferSize);
  const reasoningBuffer = createTokenBuffer(bufferSize);
  const parts = createStreamParts();
  let firstReasoningClock: number | undefined;
  let lastReasoningClock = 0;
  const startedAt = Date.now();
  const startClock = monotonicNow();
  let firstTokenClock: number | undefined;
  let endClock: number | undefined;
  let status: StreamStatus = 'pending';
  let isOver = false;
  let error: StreamError | undefined;
  let metadata: StreamMetadata = {};
  let reconnecting = false;
  let reconnects = 0;
  let markSettled!: () => void;
  let listeners: readonly ListenerEntry[] = [];
  /** True while a token is being given to the listeners. */
  let delivering = false;
  /** The end message, when a listener ended the stream during a delivery: sent once that delivery is over. */
  let pendingEnd: PortEndMessage | undefined;

  // Plain loops, on purpose: this runs for every token, and a shared loop taking a callback would allocate a closure
  // per token.
  const deliverToken = (token: Token): void => {
    for (const entry of listeners) {
      const listener = entry.removed ? undefined : entry.source();
      if (!listener) continue;
      try {
        if (typeof listener === 'function') listener(token, handle);
        else listener.postMessage({ type: 'token', handle, ...token });
      } catch (error) {
        reportListenerError(error, handle);
      }
    }
  };
  /** Tells every port listener that the stream ended, so a worker or another tab knows when to stop listening. */
  const deliverEnd = (message: PortEndMessage): void => {
    for (const entry of listeners) {
      const listener = entry.removed ? undefined : entry.source();
      if (!listener || typeof listener === 'function') continue;
      try {
        listener.postMessage(message);
      } catch (error) {
        reportListenerError(error, handle);
      }
    }
  };

  const setReconnecting = (value: boolean): void => {
    if (isOver || reconnecting === value) return;
    reconnecting = value;
    if (value) reconnects++;
    changed();
  };

  /** Takes a delta of the text or the reasoning: kept, timed, and given to every listener at once. */
  const accept = (kind: Token['kind'], text: string): void => {
    if (isOver || text === '') return;
    const now = monotonicNow();
    status = 'streaming';
    if (kind === 'text') firstTokenClock ??= now;
    else {
      firstReasoningClock ??= now;
      lastReasoningClock = now;
    }
    // The buffer keeps the token's fields, not this object: it lives only as long as the listeners hold it.
    const at = now - startClock;
    const index = (kind === 'text' ? buffer : reasoningBuffer).push(text, at);
    delivering = true;
    deliverToken({ kind, index, text, at });
    delivering = false;
    const end = pendingEnd;
    if (end) {
      pendingEnd = undefined;
      deliverEnd(end);
    }
    changed();
  };

  /**
   * The larger of the route's measure and this reader's own. Reasoning replayed in a burst (a late reader) measures
   * ~0 here, so the route's counts; a later step thinking now grows past the route's measure of the steps before,
   * until that step's end brings the route's new one.
   */
  const reasoningTime = (routeMs: number | undefined): number | undefined => {
    const ownMs = firstReasoningClock === undefined ? undefined : lastReasoningClock - firstReasoningClock;
    return routeMs === undefined ? ownMs : Math.max(routeMs, ownMs ?? 0);
  };

  const buildView = (): StreamView => {
    const snapshot = buffer.snapshot();
    let tokens: readonly Token[] | undefined;
    const { usage, finishReason, model, reasoningMs } = metadata;
    return {
      handle,
      status,
      isRunning: !isOver,
      text: snapshot.text,
      get tokens() {
        tokens ??= Object.freeze(snapshot.materialize());
        return tokens;
      },
      tokenCount: buffer.count(),
      truncated: buffer.count() > snapshot.keptCount,
      error,
      usage,
      finishReason,
      model,
      reconnecting,
      reconnects,
      reasoning: reasoningBuffer.snapshot().text,
      reasoningMs: reasoningTime(reasoningMs),
      toolCalls: parts.toolCalls,
      sources: parts.sources,
      data: parts.data,
    };
  };

  return {
    handle,
    buffer,
    reasoningBuffer,

    addListener(source) {
      const entry: ListenerEntry = { source, removed: false };
      listeners = [...listeners, entry];
      return () => {
        if (entry.removed) return;
        entry.removed = true;
        listeners = listeners.filter((other) => other !== entry);
      };
    },
    controller: new AbortController(),
    sink: {
      handle,
      token: (text) => accept('text', text),
      reasoning: (text) => accept('reasoning', text),
      part(chunk) {
        if (!isOver && parts.apply(chunk)) changed();
      },
      // Published like a token (at the next flush): a model or usage known mid-stream shows when it is known.
      metadata(more) {
        if (isOver) return;
        metadata = { ...metadata, ...more };
        changed();
      },
      reconnecting: () => setReconnecting(true),
      reconnected: () => setReconnecting(false),
    },
    storage: undefined,
    resumed: false,
    readers: 0,
    result: undefined,
    settled: new Promise((resolve) => {
      markSettled = resolve;
    }),
    transport,
    isOver: () => isOver,

    finish(endStatus, endError) {
      if (isOver) return false;
      isOver = true;
      status = endStatus;
      error = endError;
      reconnecting = false;
      endClock = monotonicNow();
      buffer.trim();
      reasoningBuffer.trim();
      markSettled();
      const { finishReason, usage } = metadata;
      const plainError = endError && { code: endError.code, message: endError.message };
      const message: PortEndMessage = {
        type: 'end',
        handle,
        status: endStatus,
        finishReason,
        usage,
        error: plainError,
      };
      // Ended by a listener while a token is being delivered: the ports after it get that token first, then the end.
      if (delivering) pendingEnd = message;
      else deliverEnd(message);
      changed();
      return true;
    },

    buildView,

    buildResult() {
      const view = buildView();
      const end = endClock ?? monotonicNow();
      const ttftMs = firstTokenClock === undefined ? undefined : firstTokenClock - startClock;
      const streamingMs = firstTokenClock === undefined ? 0 : end - firstTokenClock;
      return {
        handle,
        status: status as EndedStatus,
        text: view.text,
        // Built on first read, as a view's: most callers want the text, and a long stream's tokens are many objects.
        get tokens() {
          return view.tokens;
        },
        tokenCount: view.tokenCount,
        truncated: view.truncated,
        finishReason: view.finishReason,
        usage: view.usage,
        model: view.model,
        reconnects: view.reconnects,
        reasoning: view.reasoning,
        reasoningMs: view.reasoningMs,
        toolCalls: view.toolCalls,
        sources: view.sources,
        data: view.data,
        providerMetadata: metadata.providerMetadata,
        timing: {
          startedAt,
          firstTokenAt: ttftMs === undefined ? undefined : startedAt + ttftMs,
          endedAt: startedAt + (end - startClock),
          ttftMs,
          durationMs: end - startClock,
          tokensPerSecond: streamingMs > 0 ? (view.tokenCount / streamingMs) * 1000 : undefined,
        },
        error,
      };
    },
  };
}
