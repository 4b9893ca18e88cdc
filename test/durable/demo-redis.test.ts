import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { saveEnv } from '../support/browser.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

/**
 * The demo's `REDIS_URL` switch: its route keeps streams in Redis, so two server processes (two instances of the
 * route module here, each with its own Redis connection) serve one stream: started on one, resumed and stopped on
 * the other.
 */

type Route = (request: Request) => Promise<Response>;
const ENV = { SIM_TOKENS_PER_SECOND: '1000', SIM_FIRST_TOKEN_MS: '10', SIM_JITTER: '0' };
const restoreEnv = saveEnv([...Object.keys(ENV), 'REDIS_URL', 'OPENAI_API_KEY']);
let redis: TestRedis;
let instances: Route[];

/** A fresh instance of the demo route module, as another server process would load it. */
async function loadRoute(): Promise<Route> {
  vi.resetModules();
  return (await import('../../apps/demo/api/stream.js')).default;
}

beforeAll(async () => {
  redis = await startRedis();
  Object.assign(process.env, ENV, { REDIS_URL: redis.url });
  delete process.env.OPENAI_API_KEY;
  instances = [await loadRoute(), await loadRoute()];
});
afterAll(async () => {
  await redis.stop();
  restoreEnv();
});

const STREAM_URL = 'http://demo.test/api/stream';
const start = (route: Route, streamId: string) =>
  route(
    new Request(STREAM_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Write a long, detailed essay about caching in web applications.', streamId }),
    }),
  );
/** The SSE events of a body, as [id, chunk]. */
const events = (sse: string) =>
  [...sse.matchAll(/^id: (\d+)\ndata: (\{.*)$/gm)].map(
    ([, id, data]) => [Number(id), JSON.parse(data as string)] as [number, { type: string; delta?: string }],
  );
const text = (list: ReturnType<typeof events>) =>
  list.map(([, chunk]) => (chunk.type === 'text-delta' ? chunk.delta : '')).join('');

/** Reads a response until `count` events came, then lets the connection go (a drop, not a stop). */
async function readSome(response: Response, count: number): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let read = '';
  while (events(read).length < count) read += decoder.decode((await reader.read()).value, { stream: true });
  await reader.cancel();
  return read.slice(0, read.lastIndexOf('\n\n') + 2);
}

describe('the demo with REDIS_URL', () => {
  test('a stream started on one instance is resumed on another, every event once, and kept in Redis', async () => {
    const [a, b] = instances as [Route, Route];
    const id = 'demo-redis-resume-0001';
    const first = await readSome(await start(a, id), 20);
    const lastId = Math.max(...events(first).map(([seq]) => seq));
    const client = await createClient({ url: redis.url }).connect();
    expect(await client.keys('tokenflow-demo:*')).toEqual(
      expect.arrayContaining([`tokenflow-demo:${id}:events`, `tokenflow-demo:${id}:state`]),
    );
    await client.quit();
    const rest = await (
      await b(new Request(`${STREAM_URL}/${id}`, { headers: { 'last-event-id': String(lastId) } }))
    ).text();
    const all = [...events(first), ...events(rest)];
    expect(all.map(([seq]) => seq)).toEqual(all.map((_, index) => index));
    expect(all.at(-1)?.[1].type).toBe('finish');
    // The whole stream again, from the start, is the same text.
    const whole = await (await b(new Request(`${STREAM_URL}/${id}`))).text();
    expect(text(events(whole))).toBe(text(all));
  }, 20_000);

  test('a stop sent to one instance ends the stream the other runs, for its reader too', async () => {
    const [a, b] = instances as [Route, Route];
    const id = 'demo-redis-stop-00001';
    const reading = (await start(a, id)).text();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = await b(new Request(`${STREAM_URL}/${id}`, { method: 'DELETE' }));
    expect(await stopped.json()).toMatchObject({ stopped: true });
    const last = events(await reading).at(-1)?.[1];
    expect(last).toEqual({ type: 'abort', reason: 'Stopped by a client.' });
  });
});
