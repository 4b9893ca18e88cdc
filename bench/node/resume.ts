/**
 * Resume latency: from a reconnect request (`GET <route>/<id>` with `Last-Event-ID` a little behind a running
 * stream, as a client whose connection dropped sends it) to the first replayed token, with the memory log and the
 * Redis log, in-process (a Web `Request` handed to the handler) and over loopback HTTP.
 */
import {
  createStreamHandler,
  memoryStreamLog,
  type StreamHandlerOptions,
  type StreamLog,
} from '../../packages/streaming/src/server/index.js';
import { modelParts } from '../../packages/streaming/test/support/mock-model.js';
import { startRedisLog } from '../../test/support/redis-log.js';
import { serveRoute } from '../../test/support/serve-route.js';
import { formatMs, percentile, progress, type Target, table, WORDS } from './lib.js';

type Model = StreamHandlerOptions['models'][string];

const RUNS = 301;
const WARM_UP_RUNS = 30;
/** Tokens logged before the first resume, then one more every TRICKLE_MS: the stream runs throughout. */
const HEAD_TOKENS = 200;
const TRICKLE_MS = 5;
/** A reconnecting client is at most this many events behind the stream's end. */
const MAX_BEHIND = 50;
const LIMIT_MS = 50;
const TEXT_DELTA = '"type":"text-delta"';

/** A model that sends HEAD_TOKENS tokens at once, then one every TRICKLE_MS until `finish()` ends its answer. */
function liveModel() {
  const parts = modelParts(Array.from({ length: HEAD_TOKENS }, (_, i) => WORDS[i % WORDS.length] as string));
  const head = parts.slice(0, -2);
  const tail = parts.slice(-2);
  const running = new Set<() => void>();
  const model = {
    specificationVersion: 'v4',
    provider: 'bench.live',
    modelId: 'live',
    supportedUrls: {},
    async doGenerate() {
      throw new Error('Only streaming is benchmarked.');
    },
    async doStream() {
      let timer: ReturnType<typeof setInterval> | undefined;
      const stream = new ReadableStream({
        start(controller) {
          for (const part of head) controller.enqueue(part);
          timer = setInterval(() => controller.enqueue({ type: 'text-delta', id: 't1', delta: ' more' }), TRICKLE_MS);
          const finish = () => {
            clearInterval(timer);
            for (const part of tail) controller.enqueue(part);
            controller.close();
          };
          running.add(finish);
        },
        cancel: () => clearInterval(timer),
      });
      return { stream };
    },
  };
  return {
    model: model as unknown as Model, // the V4 spec shape; its types live in @ai-sdk/provider
    finishAll: () => {
      for (const finish of running) finish();
      running.clear();
    },
  };
}

/** Reads a response body up to the first bytes carrying a text-delta, then lets it go (the client leaves). */
async function untilFirstToken(response: Response): Promise<void> {
  if (!response.ok || !response.body) throw new Error(`The route answered ${response.status}.`);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error('The stream ended before a token.');
    if (Buffer.from(value.buffer, value.byteOffset, value.byteLength).includes(TEXT_DELTA)) break;
  }
  await reader.cancel();
}

/** One running stream on a route with `log`, and how to time a resume of it, in-process or over HTTP. */
async function liveStream(log: StreamLog, id: string) {
  const live = liveModel();
  const handler = createStreamHandler({ models: { live: live.model }, defaultModel: 'live', log });
  const served = await serveRoute(handler);
  const start = new Request('http://127.0.0.1/api/stream', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'bench', streamId: id }),
  });
  // The first reader goes away after its first token: the generation goes on (a disconnect is not a stop).
  await untilFirstToken(await handler(start));
  /** A position a little behind the stream's end, as a client that lost its connection has (not timed). */
  const behind = async () => {
    const info = await log.info(id);
    if (info === undefined || info.over) throw new Error('The stream is not running.');
    return info.events - 1 - Math.ceil(Math.random() * MAX_BEHIND);
  };
  const headers = async () => ({ 'last-event-id': String(await behind()) });
  return {
    async inProcess(): Promise<number> {
      const init = { headers: await headers() };
      const startedAt = performance.now();
      await untilFirstToken(await handler(new Request(`http://127.0.0.1/api/stream/${id}`, init)));
      return performance.now() - startedAt;
    },
    async overHttp(): Promise<number> {
      const init = { headers: await headers() };
      const startedAt = performance.now();
      await untilFirstToken(await fetch(`${served.url}/${id}`, init));
      return performance.now() - startedAt;
    },
    async close() {
      live.finishAll();
      await served.close();
    },
  };
}

export async function benchResume() {
  const memory = memoryStreamLog({ ttlMs: 60_000 });
  const rig = await startRedisLog({ keyPrefix: 'bench-resume', ttlSeconds: 60 });
  const streams = {
    memory: await liveStream(memory, 'bench-resume-memory-0001'),
    redis: await liveStream(rig.log, 'bench-resume-redis-00001'),
  };
  const paths = {
    'memory log, in-process': streams.memory.inProcess,
    'memory log, loopback HTTP': streams.memory.overHttp,
    'Redis log, in-process': streams.redis.inProcess,
    'Redis log, loopback HTTP': streams.redis.overHttp,
  };
  const samples = Object.fromEntries(Object.keys(paths).map((name) => [name, [] as number[]]));
  progress(`route: resume latency, ${RUNS} interleaved resumes per path…`);
  try {
    for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
      for (const [name, resume] of Object.entries(paths)) {
        const ms = await resume();
        if (run >= WARM_UP_RUNS) samples[name]?.push(ms);
      }
    }
  } finally {
    await streams.memory.close();
    await streams.redis.close();
    await memory.close();
    await rig.close();
  }
  const rows = Object.entries(samples).map(([name, values]) => [
    name,
    formatMs(percentile(values, 50)),
    formatMs(percentile(values, 99)),
    formatMs(Math.max(...values)),
  ]);
  const targets: Target[] = Object.entries(samples).map(([name, values]) => ({
    name: `resume to first replayed token, ${name}, p99`,
    actual: `${formatMs(percentile(values, 99))} ms`,
    limit: `≤ ${LIMIT_MS} ms`,
    pass: percentile(values, 99) <= LIMIT_MS,
  }));
  return {
    table: table(['resume (GET with Last-Event-ID)', 'median (ms)', 'p99 (ms)', 'max (ms)'], rows),
    note:
      `Resume: ${RUNS} resumes per path after ${WARM_UP_RUNS} warm-up rounds, the four paths in turn; each a GET ` +
      `with Last-Event-ID 1–${MAX_BEHIND} events behind a running stream (${HEAD_TOKENS} tokens, then one every ` +
      `${TRICKLE_MS} ms), timed to the first body bytes carrying a text-delta. Loopback: fetch to a Node server ` +
      '(@hono/node-server), kept-alive connections. Redis: a local redis-server.',
    targets,
    data: samples,
  };
}
