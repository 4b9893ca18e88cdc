/**
 * One event of a logged stream: its sequence number (0, 1, 2, … in the order appended; the SSE `id:` of the event)
 * and its data (one UI message stream chunk, as JSON).
 */
export interface LoggedEvent {
  readonly seq: number;
  readonly data: string;
}

/**
 * Options of `StreamLog.create`.
 *
 * @example
 * ```ts
 * await log.create(streamId, { chatId: body.id }); // later: await log.chatStream(body.id) === streamId
 * ```
 */
export interface StreamCreateOptions {
  /** The chat the stream answers in: it becomes the chat's current stream, replacing the one before. */
  chatId?: string | undefined;
}

/**
 * Where durable streams live: each stream is an append-only list of events with an identity, which any number of
 * readers replay from an exact position and then follow live, and which can be asked to stop from anywhere. A
 * stream is written by one generation (on one instance); it is over once its final event is appended, and is kept
 * `ttl` after that for late readers. A chat (the AI SDK's `useChat`) may name its current stream.
 * `memoryStreamLog()` keeps streams in this process; `redisStreamLog()` in Redis, shared by every instance of an app.
 *
 * @example
 * ```ts
 * const log: StreamLog = memoryStreamLog({ ttlMs: 10 * 60_000 });
 * if (await log.create(id)) await log.append(id, ['{"type":"start"}'], false);
 * ```
 */
export interface StreamLog {
  /**
   * Creates stream `id`, empty and running; resolves false (and changes nothing) when `id` exists already. With a
   * `chatId` (the AI SDK `useChat`'s chat id), the stream becomes that chat's current one (see `chatStream`).
   */
  create(id: string, options?: StreamCreateOptions): Promise<boolean>;
  /**
   * The id of chat `chatId`'s current stream: the last one created for it, as long as the log keeps that stream
   * (running, or over and within its TTL). Undefined when the chat has none, or its stream expired. This is how a
   * chat's resume request (`GET <route>/<chatId>/stream`) finds its stream on any instance.
   */
  chatStream(chatId: string): Promise<string | undefined>;
  /**
   * Appends events to a running stream, numbered on from the last; `final` marks the last batch (the stream is then
   * over, and kept for its TTL). Appending to an unknown or finished stream throws.
   */
  append(id: string, events: readonly string[], final: boolean): Promise<void>;
  /**
   * The events after `after` (`-1`: all of them), then each new one as it is appended, until the stream's final
   * event or until `signal` aborts. Undefined when the stream is unknown or expired. Reading counts as a visit
   * (see `lastReadAt`).
   */
  read(id: string, after: number, signal: AbortSignal): Promise<AsyncIterable<LoggedEvent> | undefined>;
  /** How many events stream `id` has and whether it is over; undefined when unknown or expired. */
  info(id: string): Promise<{ events: number; over: boolean; lastReadAt: number } | undefined>;
  /** Asks the generation of stream `id`, wherever it runs, to stop; resolves false when unknown or already over. */
  stop(id: string): Promise<boolean>;
  /** Calls `onStop` once when a stop of stream `id` is asked, from any instance. Returns the function that stops watching. */
  watchStop(id: string, onStop: () => void): Promise<() => void>;
  /** Ends every read under way and closes what the log opened (its own connections; not a client it was given). */
  close(): Promise<void>;
}
