import { createStore, type StoreApi } from 'zustand/vanilla';
import { httpTransport } from '../transport/http.js';
import { errorMessage, StreamError, toStreamError } from './errors.js';
import { createHandleLifetime } from './handle-lifetime.js';
import type { ListenerSource } from './listeners.js';
import { resolveOptions, type StreamingStoreOptions } from './options.js';
import { randomId } from './random-id.js';
import { storageOf, storedHandles, storeHandle } from './resume-on-reload.js';
import { createFlushScheduler } from './scheduler.js';
import { createStreamRecord, type StreamRecord } from './stream-record.js';
import type {
  AttachInput,
  EndStreamOptions,
  StartStreamInput,
  StreamHandle,
  StreamPart,
  StreamRequest,
  StreamResult,
  StreamSink,
  StreamTransport,
  StreamView,
  TokenListener,
} from './types.js';
import { REQUEST_FIELDS, validateAttachInput, validateEndOptions, validateStartInput } from './validate.js';

/**
 * The zustand state behind a store. `version` changes at every publication; `views` maps each handle to its
 * current view. The map is updated in place (copying it at every flush would cost O(streams) per token), so
 * select one handle's view, which is immutable, rather than the map itself. `handles` lists the handles in the
 * store, oldest first: a new array when one comes or goes, the same one otherwise.
 *
 * @example
 * ```ts
 * const unsubscribe = store.state.subscribe(({ views }) => console.log(views.size, 'streams'));
 * ```
 */
export interface StreamingState {
  readonly views: ReadonlyMap<StreamHandle, StreamView>;
  readonly handles: readonly StreamHandle[];
  readonly version: number;
}

/**
 * A store of stream handles. Framework-agnostic: the React hooks are thin bindings over these methods.
 *
 * @example
 * ```ts
 * const store = createStreamingStore({ transport: httpTransport({ api: 'http://localhost:3000/api/stream' }) });
 * const handle = store.start({ prompt: 'Say hi' });
 * const { text, usage } = await store.end(handle);
 * ```
 */
export interface StreamingStore {
  /** Starts a stream now and returns its handle. Throws a `StreamError` (`invalid-input`) for bad input. */
  start(input: StartStreamInput): StreamHandle;
  /**
   * Reads a stream started elsewhere (another tab, device or page load) by its handle, from its first token, with
   * this store's transport (the HTTP transport, on a route that keeps streams). Returns the handle; a handle already
   * in the store is left as it is. Throws `invalid-input` for a malformed handle or a transport that cannot attach.
   */
  attach(handle: StreamHandle, input?: AttachInput): StreamHandle;
  /**
   * Waits for the stream to finish and resolves its complete result (also when it failed: see `status`).
   * Rejects only for an unknown handle or bad options.
   */
  end(handle: StreamHandle, options?: EndStreamOptions): Promise<StreamResult>;
  /** The current view of a handle; the idle view for null, undefined or an unknown handle. */
  getView(handle: StreamHandle | null | undefined): StreamView;
  /**
   * The text of a stream's tokens from token index `from` on, and the token count it reaches, in O(new tokens):
   * what a renderer that appends reads at each update (see `renderStreamText`). Undefined for an unknown handle,
   * or when those tokens are no longer kept (a bounded buffer dropped them: read the view's `text` instead). With
   * `part` `'reasoning'`, the same for its reasoning tokens.
   */
  readTextSince(
    handle: StreamHandle,
    from: number,
    part?: StreamPart,
  ): { text: string; tokenCount: number } | undefined;
  /**
   * Adds a listener for one stream's tokens. Pass a `{ current }` ref to always call its latest value.
   * Returns a function that removes it.
   */
  addTokenListener(
    handle: StreamHandle,
    listener: TokenListener | { readonly current: TokenListener | undefined },
  ): () => void;
  /**
   * Marks a handle as read by someone (a mounted component); returns the function that stops reading. A handle
   * stays while its stream runs or something reads it; once ended and unread, it is released `releaseAfterMs` later.
   */
  retain(handle: StreamHandle): () => void;
  /** Removes a handle from the store now (its view too), aborting the stream if it still runs. */
  release(handle: StreamHandle): void;
  /** Changes options; keys that are present (even as undefined) are set, undefined meaning the default. */
  configure(options: StreamingStoreOptions): void;
  /** Publishes pending view updates now instead of at the next frame. */
  flush(): void;
  /** The zustand store of views, for bindings and subscriptions. */
  readonly state: StoreApi<StreamingState>;
}

/** How long `end(handle, { abort: true })` waits for the source to end a stream it was asked to stop. */
const SOURCE_STOP_WAIT_MS = 3_000;

/**
 * The view of no stream: what `useTokens(null)` and unknown or released handles give.
 *
 * @example
 * ```ts
 * const view = handle ? store.getView(handle) : IDLE_VIEW;
 * ```
 */
export const IDLE_VIEW: StreamView = Object.freeze({
  handle: null,
  status: 'idle',
  isRunning: false,
  text: '',
  tokens: Object.freeze([]),
  tokenCount: 0,
  truncated: false,
  error: undefined,
  usage: undefined,
  finishReason: undefined,
  model: undefined,
  reconnecting: false,
  reconnects: 0,
  reasoning: '',
  reasoningMs: undefined,
  toolCalls: Object.freeze([]),
  sources: Object.freeze([]),
  data: Object.freeze([]),
});

function pickRequest(input: StartStreamInput): StreamRequest {
  const request: Record<string, unknown> = {};
  for (const field of REQUEST_FIELDS) if (input[field] !== undefined) request[field] = input[field];
  return request as StreamRequest;
}

/**
 * Creates a store of stream handles, with what every stream in it shares: its token buffer size, its token
 * listener, its transport and how often React hears about changes.
 *
 * @example
 * ```ts
 * const store = createStreamingStore({ bufferSize: 500, onToken: (token, handle) => console.log(handle, token.text) });
 * ```
 */
export function createStreamingStore(options: StreamingStoreOptions = {}): StreamingStore {
  const settings = resolveOptions(options);
  const records = new Map<StreamHandle, StreamRecord>();
  const dirty = new Set<StreamRecord>();
  const views = new Map<StreamHandle, StreamView>();
  const state = createStore<StreamingState>()(() => ({ views, handles: [], version: 0 }));
  /** Tells subscribers that views changed, and with `listed` that a handle came or went. */
  const publish = (listed?: boolean): void =>
    state.setState(({ version }) =>
      listed ? { version: version + 1, handles: [...records.keys()] } : { version: version + 1 },
    );
  const scheduler = createFlushScheduler(() => settings.throttle, flush);
  const storeWideListener: ListenerSource = () => settings.onToken;
  const lifetime = createHandleLifetime(() => settings.releaseAfterMs, releaseRecord);

  const reportListenerError = (error: unknown, handle: StreamHandle): void => {
    try {
      const message = `A token listener threw: ${errorMessage(error)}`;
      settings.onError(new StreamError('listener', message, { cause: error }), handle);
    } catch {
      // The error reporter failed too: nothing sensible is left to tell, and the stream must go on.
    }
  };

  function flush(): void {
    scheduler.cancel();
    if (dirty.size === 0) return;
    for (const record of dirty) {
      // Released meanwhile (its abort marked it dirty): its view is gone for good.
      if (records.get(record.handle) !== record) continue;
      views.set(record.handle, record.buildView());
    }
    dirty.clear();
    publish();
  }

  function markDirty(record: StreamRecord): void {
    dirty.add(record);
    scheduler.request();
  }

  function settle(record: StreamRecord, status: StreamResult['status'], error?: StreamError): void {
    if (!record.finish(status, error)) return;
    if (record.storage) storeHandle(record.storage, record.handle, false);
    lifetime.check(record);
  }

  /** Ends a running stream here and aborts its transport: `aborted`, or with `timeout` given, an error. */
  function abort(record: StreamRecord, timeout?: StreamError): void {
    if (record.isOver()) return;
    // Settle first: whatever the transport does once aborted (reject, or keep calling the sink) is ignored.
    settle(record, timeout ? 'error' : 'aborted', timeout);
    record.controller.abort(timeout ?? new StreamError('aborted', 'The stream was aborted.'));
  }

  function releaseRecord(record: StreamRecord): void {
    if (records.get(record.handle) !== record) return;
    // Out of the store first, so that aborting a running stream below neither re-publishes nor re-queues it.
    records.delete(record.handle);
    views.delete(record.handle);
    abort(record);
    dirty.delete(record);
    lifetime.forget(record);
    publish(true);
  }

  /**
   * Adds a record for `handle`, publishes its pending view at once, and runs the stream's transport into it (`read`:
   * `run` for a new stream, `attach` for one started elsewhere).
   */
  function launch(
    handle: StreamHandle,
    transport: StreamTransport,
    input: StartStreamInput | AttachInput,
    read: (sink: StreamSink, signal: AbortSignal) => Promise<void>,
  ): void {
    const bufferSize = input.bufferSize ?? settings.bufferSize;
    const record = createStreamRecord(handle, bufferSize, transport, reportListenerError, () => markDirty(record));
    record.addListener(storeWideListener);
    const { onToken } = input;
    if (onToken !== undefined) record.addListener(() => onToken);
    records.set(handle, record);
    const storage = storageOf(settings.resumeOnReload);
    if (storage && transport.attach) {
      record.storage = storage;
      storeHandle(storage, handle, true);
    }
    // Published at once, so a component rendering this handle right away sees 'pending', not 'idle'.
    views.set(handle, record.buildView());
    publish(true);

    let running: Promise<void>;
    try {
      running = Promise.resolve(read(record.sink, record.controller.signal));
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      () => settle(record, 'done'),
      (error: unknown) => {
        const failure = toStreamError(error);
        // Resumed after a reload, but gone from the route (expired, or never started there): nothing to show.
        if (record.resumed && failure.status === 404) return releaseRecord(record);
        // Stopped at the source (from here or from another reader): the stream ends aborted, saying by whom.
        settle(record, failure.code === 'aborted' ? 'aborted' : 'error', failure);
      },
    );
  }

  /**
   * Stops a stream: at its source when its transport can (the stream then ends with the source's final state,
   * text as generated), else, or when the source does not answer in time, by aborting here.
   */
  async function stop(record: StreamRecord): Promise<void> {
    const asked = record.transport.stop ? await record.transport.stop(record.handle).catch(() => false) : false;
    if (!asked) return abort(record);
    const timer = setTimeout(() => abort(record), SOURCE_STOP_WAIT_MS);
    await record.settled;
    clearTimeout(timer);
  }

  /** Attaches every handle an earlier page load left in the storage `resumeOnReload` names. */
  function resume(): void {
    const storage = storageOf(settings.resumeOnReload);
    if (!storage) return;
    for (const handle of storedHandles(storage)) {
      if (records.has(handle)) continue;
      try {
        (records.get(store.attach(handle)) as StreamRecord).resumed = true;
      } catch {
        // Not a handle (or a transport that cannot attach): forget it.
        storeHandle(storage, handle, false);
      }
    }
  }

  const store: StreamingStore = {
    state,

    start(input) {
      validateStartInput(input);
      const transport = settings.transport ?? httpTransport();
      const request = pickRequest(input);
      // Unguessable: a route that keeps streams lets whoever holds a handle read and stop its stream.
      const handle = randomId();
      launch(handle, transport, input, (sink, signal) => transport.run(request, sink, signal));
      return handle;
    },

    attach(handle, input = {}) {
      validateAttachInput(handle, input);
      if (records.has(handle)) return handle;
      const transport = settings.transport ?? httpTransport();
      const { attach } = transport;
      if (!attach) {
        throw new StreamError('invalid-input', 'This store’s transport has no attach method.', { field: 'handle' });
      }
      launch(handle, transport, input, (sink, signal) => attach.call(transport, sink, signal));
      return handle;
    },

    async end(handle, options = {}) {
      validateEndOptions(options);
      const record = records.get(handle);
      if (!record) {
        throw new StreamError(
          'unknown-handle',
          `No stream ${JSON.stringify(handle)} in this store (never started, or released).`,
        );
      }
      if (options.abort && !record.isOver()) await stop(record);
      const { timeoutMs } = options;
      if (timeoutMs !== undefined && !record.isOver()) {
        const timer = setTimeout(() => {
          // Given up on: ended here at once, and stopped at the source too, so nobody pays for the rest.
          record.transport.stop?.(record.handle).catch(() => {});
          const message = `The stream did not end within ${timeoutMs} ms.`;
          abort(record, new StreamError('timeout', message, { retryable: true }));
        }, timeoutMs);
        void record.settled.then(() => clearTimeout(timer));
      }
      record.result ??= record.settled.then(() => record.buildResult());
      return record.result;
    },

    getView(handle) {
      return (handle && views.get(handle)) || IDLE_VIEW;
    },

    readTextSince(handle, from, part = 'text') {
      const record = records.get(handle);
      const buffer = part === 'text' ? record?.buffer : record?.reasoningBuffer;
      const text = buffer?.textSince(from);
      return buffer && text !== undefined ? { text, tokenCount: buffer.count() } : undefined;
    },

    addTokenListener(handle, listener) {
      const record = records.get(handle);
      if (!record || record.isOver()) return () => {};
      const source: ListenerSource =
        typeof listener === 'object' && 'current' in listener && !('postMessage' in listener)
          ? () => listener.current
          : () => listener as TokenListener;
      return record.addListener(source);
    },

    retain(handle) {
      const record = records.get(handle);
      return record ? lifetime.read(record) : () => {};
    },

    release(handle) {
      const record = records.get(handle);
      if (record) releaseRecord(record);
    },

    configure(next) {
      const resumeBefore = settings.resumeOnReload;
      Object.assign(settings, resolveOptions(next, settings));
      if (settings.resumeOnReload !== resumeBefore) resume();
    },

    flush,
  };
  resume();
  return store;
}
