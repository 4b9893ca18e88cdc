import { createStreamHandler, type FailurePhase, type StreamLimits } from '@tokenflow/streaming/server';
import { mockModel, modelParts } from '../../packages/streaming/test/support/mock-model.js';
import { serveRoute } from './serve-route.js';

/** Small limits, so that bodies, prompts and message lists just over them stay small and fast to send. */
export const TIGHT_LIMITS = {
  maxBodyBytes: 4_096,
  maxPromptChars: 200,
  maxMessages: 4,
  maxOutputTokens: 256,
} as const satisfies Required<StreamLimits>;

/** The models the route offers (both the same counting mock). */
export const MODEL_IDS = ['small', 'large'] as const;

/**
 * Our route (createStreamHandler) on 127.0.0.1 over a mock model (the AI SDK's) that records every call, so a
 * test can prove that a refused request never reached the provider. `failures` collects what onError heard.
 */
export async function startCountingRoute(limits?: StreamLimits) {
  const model = mockModel(modelParts(['ok']));
  const failures: { error: unknown; phase: FailurePhase }[] = [];
  const served = await serveRoute(
    createStreamHandler({
      models: { small: model, large: model },
      defaultModel: 'small',
      ...(limits && { limits }),
      onError: (error, { phase }) => failures.push({ error, phase }),
    }),
  );
  return {
    url: served.url,
    close: served.close,
    failures,
    /** Calls the model received so far. */
    get providerCalls(): number {
      return model.doStreamCalls.length;
    },
  };
}

export type CountingRoute = Awaited<ReturnType<typeof startCountingRoute>>;
