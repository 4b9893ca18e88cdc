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

async function newLog(options: { commandTimeoutMs?: number } = {}): Promise<StreamLog> {
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
});
