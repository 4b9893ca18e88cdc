import type { StreamError } from './errors.js';

/**
 * An opaque id naming one stream in a store. It is a plain string, so it can be passed through props, context,
 * URLs or `postMessage`, and read by any component.
 *
 * @example
 * ```tsx
 * const handle: StreamHandle = start({ prompt: 'Hello' });
 * return <Answer handle={handle} />;
 * ```
 */
export type StreamHandle = string & { readonly __streamHandle?: never };

/**
 * Where a stream is in its life. `idle` is the view of no stream (a `null` handle, or one already released).
 *
 * @example
 * ```ts
 * const finished = (status: StreamStatus) => status === 'done' || status === 'error' || status === 'aborted';
 * ```
 */
export type StreamStatus = 'idle' | 'pending' | 'streaming' | 'done' | 'error' | 'aborted';

/**
 * The two channels of a stream's tokens: its answer's text, and the model's reasoning.
 *
 * @example
 * ```tsx
 * <StreamText handle={handle} part="reasoning" className="thinking" />
 * ```
 */
export type StreamPart = 'text' | 'reasoning';

/**
 * One token: one non-empty delta of the stream's text or of its reasoning.
 *
 * @example
 * ```ts
 * const token: Token = { kind: 'text', index: 0, text: 'Hello', at: 182.4 };
 * ```
 */
export interface Token {
  /**
   * Which channel it belongs to: the answer's `text`, or the model's `reasoning` before (or between) its answer.
   * Each channel counts its own indexes.
   */
  readonly kind: StreamPart;
  /** 0-based position in its channel (also counts tokens a bounded buffer dropped). */
  readonly index: number;
  /** The text delta. */
  readonly text: string;
  /** Milliseconds since the stream started (monotonic clock). */
  readonly at: number;
}

/**
 * Token counts reported by the provider. Fields the provider did not report are absent.
 *
 * @example
 * ```ts
 * const cost = (usage: StreamUsage) => (usage.inputTokens ?? 0) * 0.15e-6 + (usage.outputTokens ?? 0) * 0.6e-6;
 * ```
 */
export interface StreamUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  /** Output tokens spent on reasoning, when the provider gives them. */
  reasoningTokens?: number;
  /** Input tokens read from the provider's prompt cache, when the provider gives them. */
  cachedInputTokens?: number;
}

/**
 * Why the model stopped, as the AI SDK names it (`'stop'`, `'length'`, `'content-filter'`, `'tool-calls'`,
 * `'error'`, `'interrupted'`, `'other'`), or another string a route sent.
 *
 * @example
 * ```ts
 * if (result.finishReason === 'length') showContinueButton();
 * ```
 */
export type FinishReason =
  | 'stop'
  | 'length'
  | 'content-filter'
  | 'tool-calls'
  | 'error'
  | 'interrupted'
  | 'other'
  | (string & {});

/**
 * A chat message: either a model message (`{ role, content }`) or an AI SDK UI message (`{ id, role, parts }`).
 * The route decides what it accepts; the client only checks the shape.
 *
 * @example
 * ```ts
 * const messages: StreamMessage[] = [{ role: 'user', content: 'Name three rivers.' }];
 * ```
 */
export type StreamMessage =
  | { readonly role: 'system' | 'user' | 'assistant' | 'tool'; readonly content: unknown }
  | { readonly id?: string; readonly role: 'system' | 'user' | 'assistant'; readonly parts: readonly unknown[] };

/**
 * Anything with `postMessage`: a `MessagePort`, `Worker`, `BroadcastChannel`, `window`, …
 * It receives a {@link PortTokenMessage} per token and one {@link PortEndMessage} when the stream ends.
 *
 * @example
 * ```ts
 * const { port1 } = new MessageChannel();
 * start({ prompt: 'Hi', onToken: port1 });
 * ```
 */
export interface PortLike {
  postMessage(message: PortMessage): void;
}

/**
 * A function called synchronously for every token, in order.
 *
 * @example
 * ```ts
 * const speak: TokenCallback = (token) => speechQueue.push(token.text);
 * ```
 */
export type TokenCallback = (token: Token, handle: StreamHandle) => void;

/**
 * A token listener: a function, or a port that is posted a message per token and one at the end.
 *
 * @example
 * ```ts
 * const listener: TokenListener = new BroadcastChannel('tokens');
 * ```
 */
export type TokenListener = TokenCallback | PortLike;

/**
 * What a port listener receives for each token.
 *
 * @example
 * ```ts
 * port.onmessage = ({ data }: MessageEvent<PortMessage>) => { if (data.type === 'token') log(data.text); };
 * ```
 */
export interface PortTokenMessage {
  readonly type: 'token';
  readonly handle: StreamHandle;
  readonly kind: Token['kind'];
  readonly index: number;
  readonly text: string;
  readonly at: number;
}

/**
 * What a port listener receives once, when the stream reaches `done`, `error` or `aborted`.
 *
 * @example
 * ```ts
 * port.onmessage = ({ data }: MessageEvent<PortMessage>) => { if (data.type === 'end') port.close(); };
 * ```
 */
export interface PortEndMessage {
  readonly type: 'end';
  readonly handle: StreamHandle;
  readonly status: StreamStatus;
  readonly finishReason: FinishReason | undefined;
  readonly usage: StreamUsage | undefined;
  /** Present when the stream failed: a plain, cloneable copy of the error. */
  readonly error: { readonly code: string; readonly message: string } | undefined;
}

/**
 * Any message a port listener receives.
 *
 * @example
 * ```ts
 * const isEnd = (message: PortMessage) => message.type === 'end';
 * ```
 */
export type PortMessage = PortTokenMessage | PortEndMessage;

/**
 * The request a stream makes: the prompt or messages and the model parameters. Transports send it as is.
 *
 * @example
 * ```ts
 * const request: StreamRequest = { prompt: 'Write a haiku', temperature: 0.7, maxOutputTokens: 64 };
 * ```
 */
export interface StreamRequest {
  prompt?: string;
  messages?: readonly StreamMessage[];
  system?: string;
  /** A model id the route offers; the route picks its default when absent. */
  model?: string;
  /** 0 to 2. */
  temperature?: number;
  /** A positive integer. */
  maxOutputTokens?: number;
  /** 0 to 1. */
  topP?: number;
  stopSequences?: readonly string[];
  /** An integer. */
  seed?: number;
  /**
   * A named structured output the route offers (its `outputs` option): the model answers with JSON of that shape,
   * which `useStreamObject` shows as it streams.
   */
  output?: string;
  /** HTTP headers for this request (HTTP transport only). */
  headers?: Readonly<Record<string, string>>;
  /** Extra JSON fields for the route, sent at the top level of the request body. */
  body?: Readonly<Record<string, unknown>>;
}

/**
 * What `start` takes: a {@link StreamRequest} plus per-stream settings.
 *
 * @example
 * ```ts
 * const handle = start({ prompt: 'Tell me a story', temperature: 0.9, bufferSize: 500, onToken: console.log });
 * ```
 */
export interface StartStreamInput extends StreamRequest {
  /** How many tokens this stream keeps (overrides the store's `bufferSize`). */
  bufferSize?: number;
  /** A listener for this stream's tokens, in addition to the store-wide one. */
  onToken?: TokenListener;
}

/**
 * What `attach` takes besides the handle: this reader's own settings.
 *
 * @example
 * ```ts
 * store.attach(new URL(location.href).searchParams.get('stream') ?? '', { bufferSize: 2_000 });
 * ```
 */
export type AttachInput = Pick<StartStreamInput, 'bufferSize' | 'onToken'>;

/**
 * Facts the stream reports besides its text, usually from the finish chunk.
 *
 * @example
 * ```ts
 * sink.metadata({ finishReason: 'stop', usage: { inputTokens: 12, outputTokens: 40, totalTokens: 52 } });
 * ```
 */
export interface StreamMetadata {
  finishReason?: FinishReason;
  usage?: StreamUsage;
  model?: string;
  providerMetadata?: Readonly<Record<string, unknown>>;
  /**
   * The reasoning's duration as the route measured it (`createStreamHandler` sends it after each reasoning part):
   * the view's `reasoningMs` then shows it rather than the client's own measure.
   */
  reasoningMs?: number;
}

/**
 * Where a transport delivers what it reads. Calls after the stream ended are ignored.
 *
 * @example
 * ```ts
 * sink.token('Hel'); sink.token('lo'); sink.metadata({ finishReason: 'stop' });
 * ```
 */
export interface StreamSink {
  /** The stream's handle: the id a transport proposes to a route that keeps streams, so that any reader can find it. */
  readonly handle: StreamHandle;
  /** One text delta. Empty deltas are ignored. */
  token(text: string): void;
  /** One reasoning delta (the model thinking before it answers). Empty deltas are ignored. */
  reasoning(text: string): void;
  /**
   * A chunk of another kind the view keeps: `tool-input-start`, `tool-input-delta`, `tool-input-available`,
   * `tool-input-error`, `tool-output-available`, `tool-output-error`, `source-url`, `source-document`, `data-*`.
   */
  part(chunk: Readonly<Record<string, unknown>> & { readonly type: string }): void;
  /** Metadata; later calls merge over earlier ones. */
  metadata(metadata: StreamMetadata): void;
  /** The connection dropped and the transport is reconnecting: the view says so until `reconnected`. */
  reconnecting(): void;
  /** A reconnect succeeded: the stream goes on. */
  reconnected(): void;
}

/**
 * Moves one stream from a source (an HTTP route, a model in-process, …) into a sink.
 * `run` resolves when the stream finished normally and rejects (ideally with a `StreamError`) when it failed; a
 * `StreamError` with code `aborted` ends the stream `aborted` (the source stopped it). It must stop, and close any
 * connection, when `signal` aborts.
 *
 * @example
 * ```ts
 * const echo: StreamTransport = {
 *   async run(request, sink) {
 *     for (const word of (request.prompt ?? '').split(' ')) sink.token(`${word} `);
 *     sink.metadata({ finishReason: 'stop' });
 *   },
 * };
 * ```
 */
export interface StreamTransport {
  run(request: StreamRequest, sink: StreamSink, signal: AbortSignal): Promise<void>;
  /**
   * Reads stream `sink.handle`, started elsewhere (another tab, device or page load), from its first event; same
   * contract as `run`. Transports that cannot find a stream by its handle leave it out.
   */
  attach?(sink: StreamSink, signal: AbortSignal): Promise<void>;
  /**
   * Asks the source to stop stream `handle`, for streams that outlive their connection (an abort alone only closes
   * this reader's connection). Resolves true once the source was asked (the stream then ends `aborted` through
   * `run` or `attach`), false when the stream is not such a stream.
   */
  stop?(handle: StreamHandle): Promise<boolean>;
}

/**
 * A tool call the model made, as it streams: its input's JSON text grows (`inputText`; `useToolInput` reads it as an
 * object while it does), then the input as parsed (`input-available`), then the tool's output, or an error.
 *
 * @example
 * ```tsx
 * const { toolCalls } = useTokens(handle);
 * return toolCalls.map((call) => <ToolCard key={call.id} call={call} />);
 * ```
 */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly state: 'input-streaming' | 'input-available' | 'output-available' | 'error';
  /** The input's JSON text so far. */
  readonly inputText: string;
  /** The input, once complete. */
  readonly input: unknown;
  /** The tool's result (`output-available`). */
  readonly output: unknown;
  /** Why the input or the tool failed (`error`). */
  readonly errorText: string | undefined;
}

/**
 * A source the model cited: a URL, or a document.
 *
 * @example
 * ```tsx
 * sources.map((source) => <a key={source.id} href={source.url}>{source.title ?? source.url}</a>);
 * ```
 */
export interface Source {
  readonly id: string;
  readonly type: 'url' | 'document';
  readonly url: string | undefined;
  readonly title: string | undefined;
  readonly mediaType: string | undefined;
  readonly filename: string | undefined;
}

/**
 * An app's own `data-*` part: one with an `id` replaces the earlier part of the same type and id.
 *
 * @example
 * ```ts
 * const weather = view.data.find((part) => part.type === 'data-weather')?.data;
 * ```
 */
export interface DataPart {
  readonly type: string;
  readonly id: string | undefined;
  readonly data: unknown;
}

/**
 * The live view of one stream, as `useTokens` returns it. Views are immutable: a new view is published when the
 * stream changes (at most once per frame by default), and an unchanged stream keeps the same view object.
 *
 * @example
 * ```ts
 * const view = store.getView(handle);
 * console.log(view.status, view.tokenCount, view.text);
 * ```
 */
export interface StreamView {
  readonly handle: StreamHandle | null;
  readonly status: StreamStatus;
  /** True while the stream runs (`pending` or `streaming`): it may still get tokens and can be stopped. */
  readonly isRunning: boolean;
  /** The text of the kept tokens. */
  readonly text: string;
  /** The kept text tokens. Built on first read of each view (O(kept tokens)); `text` costs nothing to read. */
  readonly tokens: readonly Token[];
  /** Text tokens seen, kept or not (reasoning tokens are not counted). */
  readonly tokenCount: number;
  /** True when the buffer dropped tokens: `tokenCount > tokens.length`. */
  readonly truncated: boolean;
  readonly error: StreamError | undefined;
  readonly usage: StreamUsage | undefined;
  readonly finishReason: FinishReason | undefined;
  readonly model: string | undefined;
  /** True while the transport reconnects after a dropped connection (a UI can say so). */
  readonly reconnecting: boolean;
  /** How many times the connection dropped and the transport reconnected. */
  readonly reconnects: number;
  /** The model's reasoning so far (kept by the same `bufferSize` rule as the text). */
  readonly reasoning: string;
  /**
   * How long the model reasoned ("Thought for 12 s"), from its first reasoning token to its last so far: the
   * larger of the route's measure (`createStreamHandler` sends it after each reasoning part, so a reader that
   * attached late, resumed or reconnected and got the reasoning replayed at once shows the same) and this reader's
   * own, by arrival (which keeps growing while a later step thinks). Undefined before any.
   */
  readonly reasoningMs: number | undefined;
  /** Tool calls, in the order they started; one that did not change keeps its identity. */
  readonly toolCalls: readonly ToolCall[];
  /** Sources the model cited. */
  readonly sources: readonly Source[];
  /** `data-*` parts (transient ones are not kept). */
  readonly data: readonly DataPart[];
}

/**
 * When things happened. Instants are epoch milliseconds; durations come from a monotonic clock.
 *
 * @example
 * ```ts
 * console.log(`first token after ${result.timing.ttftMs} ms, ${result.timing.tokensPerSecond} tokens/s`);
 * ```
 */
export interface StreamTiming {
  readonly startedAt: number;
  readonly firstTokenAt: number | undefined;
  readonly endedAt: number;
  /** From start to the first text token (reasoning does not count). */
  readonly ttftMs: number | undefined;
  /** From start to the end. */
  readonly durationMs: number;
  /**
   * Text tokens received per second, from the first text token to the end (reasoning tokens are not counted);
   * undefined when that span is zero.
   */
  readonly tokensPerSecond: number | undefined;
}

/**
 * The complete response of a stream, as `end` resolves it: its last view (text, tokens, usage, error, …), with the
 * provider's metadata and the timing.
 *
 * @example
 * ```ts
 * const { text, usage, finishReason, timing } = await end(handle);
 * ```
 */
export interface StreamResult extends Omit<StreamView, 'handle' | 'status' | 'isRunning' | 'reconnecting'> {
  readonly handle: StreamHandle;
  readonly status: 'done' | 'error' | 'aborted';
  readonly providerMetadata: Readonly<Record<string, unknown>> | undefined;
  readonly timing: StreamTiming;
}

/**
 * Options of `end`.
 *
 * @example
 * ```ts
 * await end(handle, { abort: true });        // stop now, keep the partial text
 * await end(handle, { timeoutMs: 30_000 });  // wait at most 30 s
 * ```
 */
export interface EndStreamOptions {
  /**
   * Stop the stream now, the partial text kept, the status `'aborted'`. A route that keeps streams is asked to stop
   * the generation (every reader, in any tab, sees it end); any other stream's request is aborted.
   */
  abort?: boolean;
  /** Wait at most this long; then stop it as `abort` does, with status `'error'` and code `'timeout'`. */
  timeoutMs?: number;
}
