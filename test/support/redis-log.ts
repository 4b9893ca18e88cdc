import { redisStreamLog, type StreamLog } from '@tokenflow/streaming/server';
import { createClient } from 'redis';
import { startRedis, type TestRedis } from './redis-server.js';

/** A Redis log on a redis-server of its own, with a client to look at what it stores (keys, CPU). */
export interface RedisLogRig {
  readonly redis: TestRedis;
  readonly log: StreamLog;
  /** Keys under the log's prefix, counted with SCAN (which skips keys already expired but not yet evicted). */
  keysUnderPrefix(): Promise<number>;
  /** How many of these keys exist. */
  existing(keys: string[]): Promise<number>;
  /** Every key of the database (DBSIZE: expired keys count until Redis evicts them). */
  dbSize(): Promise<number>;
  /** CPU seconds redis-server has used so far (user + system), from INFO cpu. */
  redisCpuSeconds(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts a redis-server and a `redisStreamLog` on it. The client is built here, beside the tests' `redis` package,
 * so that the benches (which do not depend on it) can use a Redis log too.
 */
export async function startRedisLog(options: { keyPrefix: string; ttlSeconds: number }): Promise<RedisLogRig> {
  const redis = await startRedis();
  const client = createClient({ url: redis.url });
  client.on('error', () => {});
  await client.connect();
  const log = redisStreamLog({ client, ...options });
  return {
    redis,
    log,
    async keysUnderPrefix() {
      let count = 0;
      for await (const keys of client.scanIterator({ MATCH: `${options.keyPrefix}:*`, COUNT: 1_000 })) {
        count += keys.length;
      }
      return count;
    },
    existing: (keys) => client.exists(keys),
    dbSize: () => client.dbSize(),
    async redisCpuSeconds() {
      const info = await client.info('cpu');
      const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
      return field('used_cpu_user') + field('used_cpu_sys');
    },
    async close() {
      await log.close();
      await client.quit();
      await redis.stop();
    },
  };
}
