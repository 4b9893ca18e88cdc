import { createOpenAI } from '@ai-sdk/openai';
import { createStreamHandler, memoryStreamLog } from '@tokenflow/streaming/server';
import { waitFor } from './load-kit.js';
import { type PacedOpenAI, startPacedOpenAI } from './paced-openai.js';
import { serveTrackedRoute, type TrackedRoute } from './tracked-route.js';

/**
 * How long the route keeps a finished stream for late readers: short, so that the memory a run leaves is measured
 * once its streams expired (the default keeps them 10 minutes).
 */
export const LOG_TTL_MS = 500;

/** The load tests' chain: a paced fake OpenAI (50–100 tokens/s) behind our route, served on 127.0.0.1. */
export interface LoadRoute {
  provider: PacedOpenAI;
  route: TrackedRoute;
  /** Every failure the route reported through onError. */
  routeErrors: unknown[];
  close(): Promise<void>;
}

/** What is still open on the chain: sockets and requests of the route, sockets, calls and loops of the provider. */
export function openOnChain({ route, provider }: Pick<LoadRoute, 'route' | 'provider'>) {
  return {
    routeSockets: route.openSockets(),
    routeRequests: route.openExchanges(),
    providerSockets: provider.openSockets(),
    providerCalls: provider.openCalls(),
    providerLoops: provider.runningLoops(),
  };
}

/** Waits until nothing is open on the chain (idle keep-alive sockets close within 3 s); false after 5 s. */
export function nothingOpenSoon(chain: Pick<LoadRoute, 'route' | 'provider'>): Promise<boolean> {
  return waitFor(() => Object.values(openOnChain(chain)).every((count) => count === 0), 5_000);
}

export async function startLoadRoute(firstTokenMs: number): Promise<LoadRoute> {
  const provider = await startPacedOpenAI({ tokensPerSecond: [50, 100], firstTokenMs });
  const openai = createOpenAI({ apiKey: 'sk-load-test', baseURL: provider.baseURL });
  const routeErrors: unknown[] = [];
  const route = await serveTrackedRoute(
    createStreamHandler({
      models: { 'load-model': openai.chat('load-model') },
      defaultModel: 'load-model',
      maxRetries: 0,
      onError: (error) => routeErrors.push(error),
      log: memoryStreamLog({ ttlMs: LOG_TTL_MS }),
    }),
  );
  return {
    provider,
    route,
    routeErrors,
    close: async () => {
      await route.close();
      await provider.close();
    },
  };
}
