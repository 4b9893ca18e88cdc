import { createOpenAI } from '@ai-sdk/openai';
import { createStreamHandler } from '@tokenflow/streaming/server';
import { type PacedOpenAI, startPacedOpenAI } from './paced-openai.js';
import { serveTrackedRoute, type TrackedRoute } from './tracked-route.js';

/** The load tests' chain: a paced fake OpenAI (50–100 tokens/s) behind our route, served on 127.0.0.1. */
export interface LoadRoute {
  provider: PacedOpenAI;
  route: TrackedRoute;
  /** Every failure the route reported through onError. */
  routeErrors: unknown[];
  close(): Promise<void>;
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
