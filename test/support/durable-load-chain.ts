import { createOpenAI } from '@ai-sdk/openai';
import { createStreamHandler } from '@tokenflow/streaming/server';
import { type PacedOpenAI, startPacedOpenAI } from './paced-openai.js';
import { type RedisLogRig, startRedisLog } from './redis-log.js';
import { startResponseCuttingLink } from './response-cutting-link.js';
import { seededRandom } from './seeded-tokens.js';
import { serveTrackedRoute, type TrackedRoute } from './tracked-route.js';

/**
 * The durable load test's chain: a paced fake OpenAI behind a durable route whose log is on a real redis-server,
 * served on 127.0.0.1, and in front of it a TCP link that cuts every response after a random number of bytes (seeded;
 * which response draws which cut depends on the order they come).
 */
export interface DurableLoadChain {
  provider: PacedOpenAI;
  rig: RedisLogRig;
  route: TrackedRoute;
  /** The route's URL through the cutting link: what the clients use. */
  readonly cutUrl: string;
  /** Connections cut so far. */
  cuts(): number;
  routeErrors: unknown[];
  close(): Promise<void>;
}

export interface DurableLoadOptions {
  keyPrefix: string;
  ttlSeconds: number;
  /** Each response is cut after a number of bytes drawn uniformly in this range. */
  cutBytes: readonly [number, number];
  /** Methods whose responses are cut only after their first event (see `startResponseCuttingLink`). */
  spareFirstEventOf: readonly string[];
  seed: number;
}

export async function startDurableLoadChain(options: DurableLoadOptions): Promise<DurableLoadChain> {
  const provider = await startPacedOpenAI({ tokensPerSecond: [50, 100], firstTokenMs: 100 });
  const openai = createOpenAI({ apiKey: 'sk-load-test', baseURL: provider.baseURL });
  const rig = await startRedisLog({ keyPrefix: options.keyPrefix, ttlSeconds: options.ttlSeconds });
  const routeErrors: unknown[] = [];
  const route = await serveTrackedRoute(
    createStreamHandler({
      models: { 'load-model': openai.chat('load-model') },
      defaultModel: 'load-model',
      maxRetries: 0,
      onError: (error) => routeErrors.push(error),
      log: rig.log,
    }),
    // Past undici's 4 s default: the route's responses set `connection: keep-alive` without a timeout hint, so a
    // shorter server timeout races a client reusing the idle connection (a POST on it fails: "fetch failed").
    { keepAliveTimeoutMs: 10_000 },
  );
  const random = seededRandom(options.seed);
  const [least, most] = options.cutBytes;
  const link = await startResponseCuttingLink(Number(new URL(route.url).port), {
    nextCut: () => Math.floor(least + random() * (most - least)),
    spareFirstEventOf: options.spareFirstEventOf,
  });
  return {
    provider,
    rig,
    route,
    cutUrl: link.url(route.url),
    cuts: () => link.cuts,
    routeErrors,
    async close() {
      await link.close();
      await route.close();
      await provider.close();
      await rig.close();
    },
  };
}
