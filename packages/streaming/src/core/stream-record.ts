import type { StreamError } from './errors.js';
import { ListenerList } from './listeners.js';
import type { HandleStorage } from './resume-on-reload.js';
import { createTokenBuffer, type TokenBuffer } from './token-buffer.js';
import type {
  PortEndMessage,
  StreamHandle,
  StreamMetadata,
  StreamResult,
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
export class StreamRecord {
  readonly handle: StreamHandle;
  readonly buffer: TokenBuffer;
  /** Listeners of this stream alone (the store-wide one is called by the store). */
  readonly listeners = new ListenerList();
  /** True while a token is being given to the listeners. */
  delivering = false;
  /** The end message, when a listener ended the stream during a delivery: sent once that delivery is over. */
  pendingEnd: PortEndMessage | undefined;
  readonly controller = new AbortController();
  readonly startedAt = Date.now();
  private readonly startClock = monotonicNow();
  private firstTokenClock: number | undefined;
  private endClock: number | undefined;

  status: StreamStatus = 'pending';
  error: StreamError | undefined;
  metadata: StreamMetadata = {};
  reconnecting = false;
  reconnects = 0;
  /** Where its handle is kept while it runs, so that a reloaded page resumes it (`resumeOnReload`). */
  storage: HandleStorage | undefined;
  /** Attached by `resumeOnReload`: if the route no longer has it, it is dropped rather than shown as an error. */
  resumed = false;
  /** Mounted components reading this handle (see `handle-lifetime.ts`). */
  readers = 0;
  /** The view React currently sees. */
  view: StreamView;
  /** The memoized result of `end`, so calling it twice returns the same object. */
  result: Promise<StreamResult> | undefined;
  /** Resolves when the stream reached `done`, `error` or `aborted`. */
  readonly settled: Promise<void>;
  private markSettled!: () => void;

  /** The transport that runs this stream (the store's may change later). */
  readonly transport: StreamTransport;

  constructor(handle: StreamHandle, bufferSize: number, transport: StreamTransport) {
    this.handle = handle;
    this.transport = transport;
    this.buffer = createTokenBuffer(bufferSize);
    this.settled = new Promise((resolve) => {
      this.markSettled = resolve;
    });
    this.view = this.buildView();
  }

  get isOver(): boolean {
    return this.status === 'done' || this.status === 'error' || this.status === 'aborted';
  }

  /** Records one text delta as a token; returns it, or undefined when ignored (empty, or the stream is over). */
  appendToken(text: string): Token | undefined {
    if (this.isOver || text === '') return undefined;
    const now = monotonicNow();
    if (this.firstTokenClock === undefined) {
      this.firstTokenClock = now;
      this.status = 'streaming';
    }
    // The buffer keeps the token's fields, not this object: it lives only as long as the listeners hold it.
    const token: Token = { index: this.buffer.count, text, at: now - this.startClock };
    this.buffer.push(text, token.at);
    return token;
  }

  /** Whether the transport is reconnecting; returns false when ignored (the stream is over, or nothing changed). */
  setReconnecting(reconnecting: boolean): boolean {
    if (this.isOver || this.reconnecting === reconnecting) return false;
    this.reconnecting = reconnecting;
    if (reconnecting) this.reconnects++;
    return true;
  }

  /** Lays `metadata` over what is known; returns false when ignored (the stream is over). */
  mergeMetadata(metadata: StreamMetadata): boolean {
    if (this.isOver) return false;
    this.metadata = { ...this.metadata, ...metadata };
    return true;
  }

  /** Moves the stream to its final status; returns false when it was already over. */
  finish(status: EndedStatus, error?: StreamError): boolean {
    if (this.isOver) return false;
    this.status = status;
    this.error = error;
    this.reconnecting = false;
    this.endClock = monotonicNow();
    this.buffer.trim();
    this.markSettled();
    return true;
  }

  /** A fresh immutable view: O(tokens since the previous view), plus O(bufferSize / chunk size) when bounded. */
  buildView(): StreamView {
    const snapshot = this.buffer.snapshot();
    let tokens: readonly Token[] | undefined;
    const { usage, finishReason, model } = this.metadata;
    return {
      handle: this.handle,
      status: this.status,
      isRunning: !this.isOver,
      text: snapshot.text,
      get tokens() {
        tokens ??= Object.freeze(snapshot.materialize());
        return tokens;
      },
      tokenCount: this.buffer.count,
      truncated: this.buffer.count > snapshot.keptCount,
      error: this.error,
      usage,
      finishReason,
      model,
      reconnecting: this.reconnecting,
      reconnects: this.reconnects,
    };
  }

  /** The complete response; call once the stream is over. */
  buildResult(): StreamResult {
    const view = this.buildView();
    const endClock = this.endClock ?? monotonicNow();
    const ttftMs = this.firstTokenClock === undefined ? undefined : this.firstTokenClock - this.startClock;
    const streamingMs = this.firstTokenClock === undefined ? 0 : endClock - this.firstTokenClock;
    return {
      handle: this.handle,
      status: this.status as EndedStatus,
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
      providerMetadata: this.metadata.providerMetadata,
      timing: {
        startedAt: this.startedAt,
        firstTokenAt: ttftMs === undefined ? undefined : this.startedAt + ttftMs,
        endedAt: this.startedAt + (endClock - this.startClock),
        ttftMs,
        durationMs: endClock - this.startClock,
        tokensPerSecond: streamingMs > 0 ? (view.tokenCount / streamingMs) * 1000 : undefined,
      },
      error: this.error,
    };
  }
}
