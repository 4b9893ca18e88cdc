import { redisStreamLog, type StreamLog } from '@tokenflow/streaming/server';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeStreamLog } from '../../packages/streaming/test/server/log/stream-log-contract.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

let redis: TestRedis;
const clients: { quit(): Promise<unknown> }[] = [];
const logs: StreamLog[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(logs.map((log) => log.close()));
  await Promise.all(clients.map((client) => client.quit().catch(() => {})));
  await redis.stop();
});

async function connectedClient() {
  const client = createClient({ url: redis.url });
  client.on('error', () => {});
  await client.connect();
  clients.push(client);
  return client;
}

async function newLog(
  options: { commandTimeoutMs?: number; keyPrefix?: string; ttlSeconds?: number } = {},
): Promise<StreamLog> {
  const log = redisStreamLog({ client: await connectedClient(), ...options });
  logs.push(log);
  return log;
}

let counter = 0;
describeStreamLog(
  'redisStreamLog',
  () => newLog(),
  () => `redis-${process.pid}-${++counter}`,
);

describe('redisStreamLog across instances', () => {
  test('a stream written through one instance is read and stopped through another', async () => {
    const [a, b] = [await newLog(), await newLog()];
    expect(await a.create('shared')).toBe(true);
    expect(await b.create('shared')).toBe(false);
    let stopped = 0;
    await a.watchStop('shared', () => stopped++);
    await a.append('shared', ['one'], false);
    const events = await b.read('shared', -1, new AbortController().signal);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of events ?? []) seen.push(event.data);
    })();
    await a.append('shared', ['two'], false);
    expect(await b.stop('shared')).toBe(true);
    await expect.poll(() => stopped).toBe(1);
    await a.append('shared', ['stopped'], true);
    await reading;
    expect(seen).toEqual(['one', 'two', 'stopped']);
  });

  test("a chat's current stream is known on every instance, renewed while it is written, and gone with it", async () => {
    const keyPrefix = `chat-${process.pid}`;
    const [a, b] = [await newLog({ keyPrefix, ttlSeconds: 1 }), await newLog({ keyPrefix, ttlSeconds: 1 })];
    const keys = async () => (await (await connectedClient()).keys(`${keyPrefix}:*`)).sort();
    await a.create('chat-answer', { chatId: 'the-chat' });
    expect(await b.chatStream('the-chat')).toBe('chat-answer');
    // Written for longer than the TTL: each append renews the chat's key with the stream's.
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await a.append('chat-answer', [`e${i}`], i === 2);
    }
    expect(await b.chatStream('the-chat')).toBe('chat-answer');
    expect(await keys()).toEqual([
      `${keyPrefix}:chat-answer:events`,
      `${keyPrefix}:chat-answer:state`,
      `${keyPrefix}:chat:the-chat`,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await b.chatStream('the-chat')).toBeUndefined();
    expect(await keys()).toEqual([]);
  });
});

/** A gate: `wait()` resolves once `open()` was called. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, wait: () => opened };
}

describe('redisStreamLog, one blocking read for every reader', () => {
  test('a reader that joins while the shared read is waiting further on gets every event in between', async () => {
    // The race, made to happen in order: reader B replays, then (before it joins the shared read) reader A's read
    // moves past B's position and is answered with a later event while B joins. B must still get the events
    // between its replay and that answer.
    const client = await connectedClient();
    const replayHeld = gate();
    const answerHeld = gate();
    let holdReplay = false;
    let holdAnswer = false;
    let answerArrived!: () => void;
    const arrived = new Promise<void>((resolve) => {
      answerArrived = resolve;
    });
    const hold = <T extends object>(target: T, method: string, held: () => Promise<void> | undefined) =>
      new Proxy(target, {
        get(object, name, receiver) {
          const value = Reflect.get(object, name, receiver);
          if (typeof value !== 'function') return value;
          if (name !== method) return value.bind(object);
          return async (...args: unknown[]) => {
            const answer = await value.apply(object, args);
            await held();
            return answer;
          };
        },
      });
    const blockingOf = (duplicate: typeof client) =>
      hold(duplicate, 'xRead', () => {
        if (!holdAnswer) return undefined;
        holdAnswer = false;
        answerArrived();
        return answerHeld.wait();
      });
    const gated = new Proxy(
      hold(client, 'xRange', () => (holdReplay ? replayHeld.wait() : undefined)),
      {
        get(object, name, receiver) {
          if (name === 'duplicate') return () => blockingOf(client.duplicate());
          return Reflect.get(object, name, receiver);
        },
      },
    );
    const log = redisStreamLog({ client: gated, keyPrefix: `gap-${process.pid}` });
    logs.push(log);

    const id = 'joins-late';
    await log.create(id);
    await log.append(id, ['0', '1', '2'], false);
    const readAll = async (events: AsyncIterable<{ data: string }> | undefined, seen: string[]) => {
      for await (const event of events ?? []) seen.push(event.data);
    };
    const seenA: string[] = [];
    const seenB: string[] = [];
    const readingA = readAll(await log.read(id, -1, new AbortController().signal), seenA);
    await expect.poll(() => seenA.length).toBe(3);

    holdReplay = true;
    const readingB = log.read(id, -1, new AbortController().signal).then((events) => readAll(events, seenB));
    // B's replay (0-2) is read and held; A goes on to 3 and 4, and its next read waits after 4.
    await new Promise((resolve) => setTimeout(resolve, 50));
    holdReplay = false;
    await log.append(id, ['3', '4'], false);
    await expect.poll(() => seenA.length).toBe(5);
    holdAnswer = true;
    await log.append(id, ['5'], false);
    await arrived;
    // The shared read was answered with 5 (held there); now B joins, at 2.
    replayHeld.open();
    await expect.poll(() => seenB.length).toBe(3);
    answerHeld.open();
    await log.append(id, ['6'], true);
    await Promise.all([readingA, readingB]);

    expect(seenA).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(seenB).toEqual(['0', '1', '2', '3', '4', '5', '6']);
  });
});
