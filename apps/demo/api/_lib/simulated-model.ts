import {
  APICallError,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { planAnswer, usageOf } from './sim-answer.js';
import { createPacer, type Pace, sleep } from './sim-pacing.js';

/**
 * Settings of {@link createSimulatedModel}.
 *
 * @example
 * ```ts
 * const pace = { tokensPerSecond: 40, firstTokenMs: 300, jitter: 0.5 };
 * const settings: SimulatedModelSettings = { modelId: 'tokenflow-sim', ...pace };
 * ```
 */
export interface SimulatedModelSettings extends Pace {
  modelId: string;
  /** Fail mid-stream (an `error` part, as a dropped provider connection gives) after this many tokens. */
  failAfterTokens?: number | undefined;
}

const PROVIDER = 'tokenflow.simulated';
const TEXT_ID = 'text-0';

/** The failure the faulty model reports: what a provider's overloaded upstream looks like to the AI SDK. */
const simulatedFault = (): APICallError =>
  new APICallError({
    message: 'Simulated fault: the upstream connection was reset in the middle of the answer.',
    url: 'https://simulated.tokenflow.invalid/v1/stream',
    requestBodyValues: {},
    statusCode: 503,
    isRetryable: true,
  });

/**
 * An AI SDK language model (specification v4) that needs no network and no key: it answers the page's example
 * prompts (and says it is a simulation for any other) and streams the answer at a realistic pace, word-ish token
 * by token. It honours temperature,
 * top-p, seed, stop sequences, `maxOutputTokens` (finish reason `length`) and the abort signal (it stops at once),
 * and reports usage. With `failAfterTokens` it fails mid-stream, for demonstrating error handling.
 *
 * @example
 * ```ts
 * const pace = { tokensPerSecond: 40, firstTokenMs: 300, jitter: 0.5 };
 * const model = createSimulatedModel({ modelId: 'tokenflow-sim', ...pace });
 * const result = streamText({ model, prompt: 'Explain token streaming' });
 * ```
 */
export function createSimulatedModel(settings: SimulatedModelSettings): LanguageModelV4 {
  const response = () => ({ id: `sim-${Date.now().toString(36)}`, modelId: settings.modelId, timestamp: new Date() });

  return {
    specificationVersion: 'v4',
    provider: PROVIDER,
    modelId: settings.modelId,
    supportedUrls: {},

    async doGenerate(options: LanguageModelV4CallOptions) {
      const plan = planAnswer(options);
      await sleep(createPacer(settings)(), options.abortSignal);
      if (settings.failAfterTokens !== undefined) throw simulatedFault();
      return {
        content: [{ type: 'text', text: plan.tokens.join('') }],
        finishReason: plan.finishReason,
        usage: usageOf(plan.inputTokens, plan.tokens.length),
        warnings: plan.warnings,
        response: response(),
      };
    },

    async doStream(options: LanguageModelV4CallOptions) {
      options.abortSignal?.throwIfAborted();
      const plan = planAnswer(options);
      // A short answer still fails before its end, so the fault is always visible.
      const failAt =
        settings.failAfterTokens === undefined
          ? undefined
          : Math.min(settings.failAfterTokens, Math.max(0, plan.tokens.length - 1));
      const nextDelay = createPacer(settings);
      // Cancelling the stream (the consumer went away) must end a pending wait too.
      const cancelled = new AbortController();
      let dueAt = Date.now() + nextDelay();
      let emitted = 0;
      let started = false;

      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: plan.warnings });
          controller.enqueue({ type: 'response-metadata', ...response() });
        },
        async pull(controller) {
          await sleep(dueAt - Date.now(), options.abortSignal, cancelled.signal);
          if (!started) {
            started = true;
            controller.enqueue({ type: 'text-start', id: TEXT_ID });
          }
          // The token we waited for, then every other one already due, so coarse timers do not slow the rate
          // down. A pull must enqueue something: the stream does not call it again otherwise.
          while (emitted < plan.tokens.length) {
            if (emitted === failAt) {
              controller.enqueue({ type: 'error', error: simulatedFault() });
              controller.close();
              return;
            }
            controller.enqueue({ type: 'text-delta', id: TEXT_ID, delta: plan.tokens[emitted++] as string });
            dueAt += nextDelay();
            if (dueAt > Date.now()) break;
          }
          if (emitted < plan.tokens.length) return;
          controller.enqueue({ type: 'text-end', id: TEXT_ID });
          controller.enqueue({
            type: 'finish',
            finishReason: plan.finishReason,
            usage: usageOf(plan.inputTokens, emitted),
          });
          controller.close();
        },
        cancel() {
          cancelled.abort();
        },
      });
      return { stream, request: { body: { simulated: true } } };
    },
  };
}
