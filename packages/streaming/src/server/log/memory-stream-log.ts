import type { LoggedEvent, StreamLog } from './stream-log.js';

/**
 * Options of {@link memoryStreamLog}.
 *
 * @example
 * ```ts
 * const options: MemoryStreamLogOptions = { maxStreams: 500, ttlMs: 5 * 60_000 };
 * ```
 */
export interface MemoryStreamLogOptions {
  /** The most streams kept; past it the oldest finished ones go first (default 1,000). */
  maxStreams?: number;
  /** How long a finished stream stays for late readers (default 600,000 ms, 10 minutes). */
  ttlMs?: number;
}

interface LoggedStream {
  readonly events: string[];
  /** The chat it was created for, if any. */
  readonly chatId: string | undefined;
  over: boolean;
  stopAsked: boolean;
  readers: number;
  lastReadAt: number;
  /** Readers waiting for the next event. */
  readonly waiting: Set<() => void>;
  readonly stopWatchers: Set<() => void>;
  expiry: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The embedded log: streams live in this process's memory, bounded by count and by a TTL after they finish. The
 * default of `createStreamHandler`; for an app that runs on more than one instance, use `redisStreamLog`.
 *
 * @example
 * ```ts
 * export const POST = createStreamHandler({ models, defaultModel: 'small', log: memoryStreamLog({ ttlMs: 60_000 }) });
 * ```
 */
export function memoryStreamLog(options: MemoryStreamLogOptions = {}): StreamLog {
  const maxStreams = options.maxStreams ?? 1_000;
  const ttlMs = options.ttlMs ?? 600_000;
  // Insertion order is age order: the first finished one found is the oldest.
  const streams = new Map<string, LoggedStream>();
  /** Each chat's current stream; an entry goes with its stream, so there are never more chats than streams. */
  const chats = new Map<string, string>();

  const remove = (id: string): void => {
    const stream = streams.get(id);
    if (stream === undefined) return;
    clearTimeout(stream.expiry);
    streams.delete(id);
    // Only if the chat still names this stream: a newer one of the same chat stays its current one.
    if (stream.chatId !== undefined && chats.get(stream.chatId) === id) chats.delete(stream.chatId);
    // Readers still waiting end, as for a stream that expired under them.
    for (const wake of stream.waiting) wake();
  };

  const makeRoom = (): boolean => {
    if (streams.size < maxStreams) return true;
    for (const [id, stream] of streams) {
      if (stream.over) {
        remove(id);
        return true;
      }
    }
    return false;
  };

  const wakeReaders = (stream: LoggedStream): void => {
    const waiting = [...stream.waiting];
    stream.waiting.clear();
    for (const wake of waiting) wake();
  };

  return {
    async create(id, options) {
      if (streams.has(id) || !makeRoom()) return false;
      const chatId = options?.chatId;
      streams.set(id, {
        events: [],
        chatId,
        over: false,
        stopAsked: false,
        readers: 0,
        lastReadAt: Date.now(),
        waiting: new Set(),
        stopWatchers: new Set(),
        expiry: undefined,
      });
      if (chatId !== undefined) chats.set(chatId, id);
      return true;
    },

    async chatStream(chatId) {
      return chats.get(chatId);
    },

    async append(id, events, final) {
      const stream = streams.get(id);
      if (stream === undefined || stream.over) throw new Error(`Stream ${id} is not running in this log.`);
      stream.events.push(...events);
      if (final) {
        stream.over = true;
        stream.stopWatchers.clear();
        stream.expiry = setTimeout(() => remove(id), ttlMs);
        // A finished stream kept for late readers must not keep a Node process alive.
        (stream.expiry as { unref?: () => void }).unref?.();
      }
      wakeReaders(stream);
    },

    async read(id, after, signal) {
      const stream = streams.get(id);
      if (stream === undefined) return undefined;
      return (async function* (): AsyncGenerator<LoggedEvent> {
        // One abort listener for the whole read (not one per wait), waking the wait under way.
        let wake: (() => void) | undefined;
        const onAbort = (): void => wake?.();
        signal.addEventListener('abort', onAbort, { once: true });
        stream.readers++;
        try {
          for (let seq = Math.max(0, after + 1); !signal.aborted; ) {
            while (seq < stream.events.length) {
              yield { seq, data: stream.events[seq] as string };
              seq++;
            }
            if (stream.over || streams.get(id) !== stream) return;
            await new Promise<void>((resolve) => {
              wake = resolve;
              stream.waiting.add(resolve);
            });
          }
        } finally {
          if (wake) stream.waiting.delete(wake);
          signal.removeEventListener('abort', onAbort);
          stream.readers--;
          stream.lastReadAt = Date.now();
        }
      })();
    },

    async info(id) {
      const stream = streams.get(id);
      if (stream === undefined) return undefined;
      const lastReadAt = stream.readers > 0 ? Date.now() : stream.lastReadAt;
      return { events: stream.events.length, over: stream.over, lastReadAt };
    },

    async stop(id) {
      const stream = streams.get(id);
      if (stream === undefined || stream.over) return false;
      stream.stopAsked = true;
      for (const onStop of [...stream.stopWatchers]) onStop();
      stream.stopWatchers.clear();
      return true;
    },

    async close() {
      for (const id of [...streams.keys()]) remove(id);
    },

    async watchStop(id, onStop) {
      const stream = streams.get(id);
      if (stream === undefined || stream.over) return () => {};
      if (stream.stopAsked) {
        onStop();
        return () => {};
      }
      stream.stopWatchers.add(onStop);
      return () => stream.stopWatchers.delete(onStop);
    },
  };
}
