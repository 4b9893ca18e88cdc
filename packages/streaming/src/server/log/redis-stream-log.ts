import type { LoggedEvent, StreamLog } from './stream-log.js';

/**
 * The few node-redis client methods the Redis log uses (the `redis` package, v5 or later). Any client with them
 * works: the library does not import `redis` itself.
 */
export interface RedisLogClient {
  duplicate(): RedisLogClient;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  connect(): Promise<unknown>;
  quit(): Promise<unknown>;
  clientId(): Promise<number>;
  clientUnblock(id: number): Promise<unknown>;
  hSetNX(key: string, field: string, value: string): Promise<number | boolean>;
  hGetAll(key: string): Promise<Record<string, string>>;
  xRange(key: string, start: string, end: string, options?: { COUNT: number }): Promise<RedisStreamEntry[] | null>;
  xRead(
    streams: { key: string; id: string }[],
    options: { BLOCK: number; COUNT: number },
  ): Promise<{ name: string; messages: RedisStreamEntry[] }[] | null>;
  publish(channel: string, message: string): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  multi(): RedisLogPipeline;
}

/** A node-redis `MULTI` pipeline, as far as the log uses it. */
export interface RedisLogPipeline {
  xAdd(key: string, id: string, message: Record<string, string>): RedisLogPipeline;
  hSet(key: string, values: Record<string, string>): RedisLogPipeline;
  hIncrBy(key: string, field: string, by: number): RedisLogPipeline;
  pExpire(key: string, ms: number): RedisLogPipeline;
  exec(): Promise<unknown>;
}

/** One entry of a Redis stream. */
export interface RedisStreamEntry {
  id: string;
  message: Record<string, string>;
}

/**
 * Options of {@link redisStreamLog}.
 *
 * @example
 * ```ts
 * const client = createClient({ url: process.env.REDIS_URL });
 * await client.connect();
 * const options: RedisStreamLogOptions = { client, keyPrefix: 'myapp:streams', ttlSeconds: 600 };
 * ```
 */
export interface RedisStreamLogOptions {
  /** A connected node-redis client. The log makes two more connections from it: one blocking reader, one subscriber. */
  client: RedisLogClient;
  /** The prefix of every key and channel (default `tokenflow`). */
  keyPrefix?: string;
  /** How long a stream is kept after its last event (default 600 s); a running one is kept this long after each write. */
  ttlSeconds?: number;
  /** How long one Redis command may take before the log gives up with an error (default 5,000 ms). */
  commandTimeoutMs?: number;
}

/** Rejects with a clear error when Redis does not answer in time (a client that lost its connection queues forever). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Redis stream ids are `0-N` with N from 1 (0-0 is not allowed): event `seq` is entry `0-(seq + 1)`. */
const entryId = (seq: number): string => `0-${seq + 1}`;
const seqOf = (id: string): number => Number(id.slice(2)) - 1;

interface TailReader {
  key: string;
  lastId: string;
  deliver(entries: RedisStreamEntry[]): void;
}

/**
 * The log on a real Redis, for apps that run on more than one instance: a stream's events are a Redis stream (one
 * entry per event, numbered by its sequence), its state a hash, and stops travel on one pub/sub channel, so a stream
 * started on one instance can be read and stopped on any other. All the streams this instance follows are read by
 * one blocking `XREAD` (one connection, not one per reader), and appends are batched in one `MULTI` per write.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client = createClient({ url: process.env.REDIS_URL });
 * await client.connect();
 * export const POST = createStreamHandler({ models, defaultModel: 'small', log: redisStreamLog({ client }) });
 * ```
 */
export function redisStreamLog(options: RedisStreamLogOptions): StreamLog {
  const { client } = options;
  const prefix = options.keyPrefix ?? 'tokenflow';
  const ttlMs = (options.ttlSeconds ?? 600) * 1000;
  const timeoutMs = options.commandTimeoutMs ?? 5_000;
  const eventsKey = (id: string) => `${prefix}:${id}:events`;
  const stateKey = (id: string) => `${prefix}:${id}:state`;
  // No clash with a stream's keys: ids have no `:`, and a stream's keys end in `:events` or `:state`.
  const chatKey = (chatId: string) => `${prefix}:chat:${chatId}`;
  const stopChannel = `${prefix}:stop`;
  const run = <T>(command: Promise<T>): Promise<T> => within(command, timeoutMs);

  /** The next sequence number of each stream this instance writes (one writer per stream). */
  const writing = new Map<string, number>();
  /** The chat key of each stream this instance writes that was created for a chat: it lives as long as the stream. */
  const writingChat = new Map<string, string>();
  const tail = createTail(client, run);
  const stops = createStopWatch(client, stopChannel, run);

  const state = async (id: string) => {
    const fields = await run(client.hGetAll(stateKey(id)));
    if (fields.over === undefined) return undefined;
    return {
      events: Number(fields.events ?? 0),
      over: fields.over === '1',
      stopAsked: fields.stop === '1',
      readers: Number(fields.readers ?? 0),
      lastReadAt: Number(fields.readAt ?? 0),
    };
  };

  const countReader = (id: string, by: 1 | -1) =>
    run(
      client
        .multi()
        .hIncrBy(stateKey(id), 'readers', by)
        .hSet(stateKey(id), { readAt: String(Date.now()) })
        .exec(),
    );

  return {
    async create(id, options) {
      const created = await run(client.hSetNX(stateKey(id), 'over', '0'));
      if (!created) return false;
      const pipeline = client
        .multi()
        .hSet(stateKey(id), { events: '0', readAt: String(Date.now()) })
        .pExpire(stateKey(id), ttlMs);
      const chatId = options?.chatId;
      // The chat's current stream, a small hash with the stream's TTL (renewed with each append, as the stream's).
      if (chatId !== undefined) pipeline.hSet(chatKey(chatId), { stream: id }).pExpire(chatKey(chatId), ttlMs);
      await run(pipeline.exec());
      writing.set(id, 0);
      if (chatId !== undefined) writingChat.set(id, chatKey(chatId));
      return true;
    },

    async chatStream(chatId) {
      const id = (await run(client.hGetAll(chatKey(chatId)))).stream;
      // The key can outlive the stream it names (an older stream of the chat, still written, renews it).
      return id !== undefined && (await state(id)) !== undefined ? id : undefined;
    },

    async append(id, events, final) {
      const next = writing.get(id);
      if (next === undefined) throw new Error(`Stream ${id} is not written by this instance.`);
      const pipeline = client.multi();
      events.forEach((data, i) => {
        const last = final && i === events.length - 1;
        pipeline.xAdd(eventsKey(id), entryId(next + i), last ? { d: data, f: '1' } : { d: data });
      });
      // A final batch with no event still needs its end mark: an entry with no data, which readers skip.
      if (final && events.length === 0) pipeline.xAdd(eventsKey(id), entryId(next), { f: '1' });
      pipeline.hIncrBy(stateKey(id), 'events', events.length);
      if (final) pipeline.hSet(stateKey(id), { over: '1' });
      pipeline.pExpire(eventsKey(id), ttlMs).pExpire(stateKey(id), ttlMs);
      // Renewed even if a newer stream of the chat took the key over: that one's appends renew it as well.
      const chat = writingChat.get(id);
      if (chat !== undefined) pipeline.pExpire(chat, ttlMs);
      await run(pipeline.exec());
      if (final) {
        writing.delete(id);
        writingChat.delete(id);
      } else writing.set(id, next + events.length);
    },

    async read(id, after, signal) {
      if ((await state(id)) === undefined) return undefined;
      return (async function* (): AsyncGenerator<LoggedEvent> {
        await countReader(id, 1);
        try {
          let lastId = entryId(Math.max(-1, after));
          // Asked before the replay: a stream already over then is all in it (a reader past its end gets nothing).
          const overBefore = (await state(id))?.over ?? true;
          // Replay what is there, in pages, then follow live entries through the shared blocking read.
          for (;;) {
            const page = (await run(client.xRange(eventsKey(id), `(${lastId}`, '+', { COUNT: 1_000 }))) ?? [];
            for (const entry of page) {
              lastId = entry.id;
              if (entry.message.d !== undefined) yield { seq: seqOf(entry.id), data: entry.message.d };
              if (entry.message.f === '1') return;
            }
            if (page.length < 1_000) break;
          }
          if (overBefore) return;
          for await (const entry of tail.follow(eventsKey(id), lastId, signal)) {
            if (entry.message.d !== undefined) yield { seq: seqOf(entry.id), data: entry.message.d };
            if (entry.message.f === '1') return;
          }
        } finally {
          await countReader(id, -1).catch(() => {});
        }
      })();
    },

    async info(id) {
      const found = await state(id);
      if (found === undefined) return undefined;
      return { events: found.events, over: found.over, lastReadAt: found.readers > 0 ? Date.now() : found.lastReadAt };
    },

    async stop(id) {
      const found = await state(id);
      if (found === undefined || found.over) return false;
      // The flag answers a watcher that subscribes late; the message reaches the one already watching at once.
      await run(client.multi().hSet(stateKey(id), { stop: '1' }).exec());
      await run(client.publish(stopChannel, id));
      return true;
    },

    async watchStop(id, onStop) {
      const unwatch = await stops.watch(id, onStop);
      if ((await state(id))?.stopAsked) onStop();
      return unwatch;
    },

    async close() {
      await Promise.all([tail.close(), stops.close()]);
    },
  };
}

/**
 * One blocking reader for every stream this instance follows: a loop of `XREAD BLOCK` over all of their keys, which
 * a new follower interrupts (`CLIENT UNBLOCK`) so that its key is read from then on.
 */
function createTail(client: RedisLogClient, run: <T>(command: Promise<T>) => Promise<T>) {
  const readers = new Set<TailReader>();
  let connection: Promise<{ client: RedisLogClient; id: number }> | undefined;
  let looping = false;
  let blocked = false;

  const connect = () => {
    connection ??= (async () => {
      const blocking = client.duplicate();
      // Its failures reach the reads waiting on it; unheard, node-redis would throw them as unhandled errors.
      blocking.on('error', () => {});
      await run(blocking.connect());
      // Asked now: once it blocks, this connection answers nothing else.
      return { client: blocking, id: await run(blocking.clientId()) };
    })();
    return connection;
  };

  const loop = async () => {
    if (looping) return;
    looping = true;
    try {
      const { client: blocking } = await connect();
      while (readers.size > 0) {
        // Per key, the earliest position any follower of it is at.
        const from = new Map<string, string>();
        for (const reader of readers) {
          const known = from.get(reader.key);
          if (known === undefined || seqOf(reader.lastId) < seqOf(known)) from.set(reader.key, reader.lastId);
        }
        blocked = true;
        const answer = await blocking
          .xRead(
            [...from].map(([key, id]) => ({ key, id })),
            { BLOCK: 10_000, COUNT: 1_000 },
          )
          .finally(() => {
            blocked = false;
          });
        for (const { name, messages } of answer ?? []) {
          const readFrom = seqOf(from.get(name) as string);
          for (const reader of readers) {
            // A reader that joined while this read was out, behind where it started, would see a gap: the next
            // read starts at its position instead.
            if (reader.key !== name || readFrom > seqOf(reader.lastId)) continue;
            const fresh = messages.filter((entry) => seqOf(entry.id) > seqOf(reader.lastId));
            if (fresh.length > 0) reader.deliver(fresh);
          }
        }
      }
    } finally {
      looping = false;
    }
  };

  const wakeLoop = async () => {
    const { id } = await connect();
    // The blocking read may not have reached Redis yet (an unblock then finds nothing to unblock): try a few times.
    for (let attempt = 0; attempt < 20 && blocked; attempt++) {
      if (Number(await run(client.clientUnblock(id))) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  return {
    async close() {
      readers.clear();
      const opened = await connection?.catch(() => undefined);
      connection = undefined;
      if (opened === undefined) return;
      const { client: blocking, id } = opened;
      if (blocked) await run(client.clientUnblock(id)).catch(() => {});
      // Time-limited: with Redis down, a quit would wait for a connection that may never come back.
      await run(blocking.quit()).catch(() => {});
    },

    async *follow(key: string, lastId: string, signal: AbortSignal): AsyncGenerator<RedisStreamEntry> {
      const queue: RedisStreamEntry[] = [];
      let wake: (() => void) | undefined;
      let failure: unknown;
      const reader: TailReader = {
        key,
        lastId,
        deliver(entries) {
          queue.push(...entries);
          reader.lastId = (entries.at(-1) as RedisStreamEntry).id;
          wake?.();
        },
      };
      const onAbort = () => wake?.();
      signal.addEventListener('abort', onAbort, { once: true });
      readers.add(reader);
      const looped = loop().catch((error: unknown) => {
        failure = error;
        wake?.();
      });
      await wakeLoop();
      try {
        while (!signal.aborted) {
          if (queue.length > 0) {
            yield queue.shift() as RedisStreamEntry;
            continue;
          }
          if (failure !== undefined) throw failure;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      } finally {
        readers.delete(reader);
        signal.removeEventListener('abort', onAbort);
        void looped;
      }
    },
  };
}

/** One subscriber connection for every stop watched on this instance. */
function createStopWatch(client: RedisLogClient, channel: string, run: <T>(command: Promise<T>) => Promise<T>) {
  const watchers = new Map<string, Set<() => void>>();
  let subscribed: Promise<RedisLogClient> | undefined;
  const subscribe = () => {
    subscribed ??= (async () => {
      const subscriber = client.duplicate();
      subscriber.on('error', () => {});
      await run(subscriber.connect());
      await run(
        subscriber.subscribe(channel, (id) => {
          const found = watchers.get(id);
          watchers.delete(id);
          for (const onStop of found ?? []) onStop();
        }),
      );
      return subscriber;
    })();
    return subscribed;
  };
  return {
    async close() {
      watchers.clear();
      const opened = await subscribed?.catch(() => undefined);
      subscribed = undefined;
      if (opened) await run(opened.quit()).catch(() => {});
    },
    async watch(id: string, onStop: () => void): Promise<() => void> {
      await subscribe();
      const set = watchers.get(id) ?? new Set();
      set.add(onStop);
      watchers.set(id, set);
      return () => {
        set.delete(onStop);
        if (set.size === 0 && watchers.get(id) === set) watchers.delete(id);
      };
    },
  };
}
