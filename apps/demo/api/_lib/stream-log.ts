import { redisStreamLog, type StreamLog } from '@tokenflow/streaming/server';
import type { Env } from './env.js';

/**
 * The demo route's log: with `REDIS_URL`, a Redis log (node-redis, loaded only then), so that several server
 * processes share streams; without it, undefined: the handler's own in-memory log, which needs nothing.
 */
export async function demoStreamLog(env: Env): Promise<StreamLog | undefined> {
  const url = env.REDIS_URL?.trim();
  if (!url) return undefined;
  const { createClient } = await import('redis');
  const client = createClient({ url });
  // Without a listener node-redis throws its connection errors; the log answers 503 while Redis is away. Said once
  // per outage: node-redis retries (and errs) every few hundred milliseconds until Redis is back.
  let down = false;
  client.on('error', (error: Error) => {
    if (!down) console.error(`[api/stream] Redis: ${error.message} (retrying)`);
    down = true;
  });
  client.on('ready', () => {
    down = false;
  });
  await client.connect();
  console.info(`[api/stream] streams are kept in Redis at ${new URL(url).host}`);
  return redisStreamLog({ client, keyPrefix: 'tokenflow-demo' });
}
