import {
  APICallError,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4Content,
  type LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { type PlannedAnswer, planAnswer, type Thinking, usageOf } from './sim-answer.js';
import { beatsOf } from './sim-beats.js';
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
  /**
   * When it thinks (streams reasoning) before answering: before every answer, as a reasoning model does, or only
   * when the prompt asks it to ("think", "step by step"); default `'when-asked'`. A call with `reasoning: 'none'`
   * never thinks.
   */
  thinking?: Thinking | undefined;
  /** How long it ponders after each sentence of its thoughts (default: `firstTokenMs`). */
  ponderMs?: number | undefined;
}

const PROVIDER = 'tokenflow.simulated';

/** Every token the answer bills: thoughts, text and a tool call's input. */
const outputTokensOf = (plan: PlannedAnswer) =>
  plan.reasoning.length + plan.tokens.length + (plan.toolCall?.inputPieces.length ?? 0);

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
 * by token. It honours temperature, top-p, seed, stop sequences, `maxOutputTokens` (finish reason `length`) and the
 * abort signal (it stops at once), and reports usage. Beyond text:
 *
 * - it thinks (reasoning deltas, a pause after each sentence) before answering, always with `thinking: 'always'`,
 *   else when the prompt asks it to ("think it through", "step by step");
 * - offered a tool whose name the question uses ("What's the weather in Oslo?" and a `weather` tool), it calls it,
 *   its JSON input streamed in deltas, and ends the step (finish reason `tool-calls`); called again with the tool's
 *   result in the prompt, it answers from that result;
 * - asked for JSON (`responseFormat: { type: 'json', schema }`, what the AI SDK's `Output.object` sends), it
 *   streams a JSON value matching the schema, filled from a recipe it knows (pancakes, soup, pasta) where fields
 *   fit, in small deltas.
 *
 * With `failAfterTokens` it fails mid-stream, for demonstrating error handling.
 *
 * @example
 * ```ts
 * const pace = { tokensPerSecond: 40, firstTokenMs: 300, jitter: 0.5 };
 * const model = createSimulatedModel({ modelId: 'tokenflow-sim-reasoning', ...pace, thinking: 'always' });
 * const result = streamText({ model, prompt: 'Explain token streaming' });
 * ```
 */
export function createSimulatedModel(settings: SimulatedModelSettings): LanguageModelV4 {
  let calls = 0;
  const response = () => ({ id: `sim-${Date.now().toString(36)}`, modelId: settings.modelId, timestamp: new Date() });

  return {
    specificationVersion: 'v4',
    provider: PROVIDER,
    modelId: settings.modelId,
    supportedUrls: {},

    async doGenerate(options: LanguageModelV4CallOptions) {
      const plan = planAnswer(options, settings.thinking);
      await sleep(createPacer(settings)(), options.abortSignal);
      if (settings.failAfterTokens !== undefined) throw simulatedFault();
      const call = plan.toolCall;
      const content: LanguageModelV4Content[] = [
        ...(plan.reasoning.length > 0 ? [{ type: 'reasoning' as const, text: plan.reasoning.join('') }] : []),
        ...(plan.tokens.length > 0 ? [{ type: 'text' as const, text: plan.tokens.join('') }] : []),
        ...(call
          ? [
              {
                type: 'tool-call' as const,
                toolCallId: call.toolCallId,
                toolName: call.toolName,
                input: JSON.stringify(call.input),
              },
            ]
          : []),
      ];
      return {
        content,
        finishReason: plan.finishReason,
        usage: usageOf(plan.inputTokens, outputTokensOf(plan), plan.reasoning.length),
        warnings: plan.warnings,
        response: response(),
      };
    },

    async doStream(options: LanguageModelV4CallOptions) {
      options.abortSignal?.throwIfAborted();
      const plan = planAnswer(options, settings.thinking);
      calls += 1;
      const beats = beatsOf(plan, settings.ponderMs ?? settings.firstTokenMs, calls);
      const tokenCount = beats.filter((beat) => beat.token).length;
      // A short answer still fails before its end, so the fault is always visible.
      const failAt =
        settings.failAfterTokens === undefined
          ? undefined
          : Math.min(settings.failAfterTokens, Math.max(0, tokenCount - 1));
      const nextDelay = createPacer(settings);
      // Cancelling the stream (the consumer went away) must end a pending wait too.
      const cancelled = new AbortController();
      let dueAt = Date.now() + nextDelay();
      let next = 0;
      let emitted = 0;

      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: plan.warnings });
          controller.enqueue({ type: 'response-metadata', ...response() });
        },
        async pull(controller) {
          await sleep(dueAt - Date.now(), options.abortSignal, cancelled.signal);
          // The token we waited for (with the parts before it), then every other one already due, so coarse timers
          // do not slow the rate down. A pull must enqueue something: the stream does not call it again otherwise.
          let sent = false;
          for (; next < beats.length; next++) {
            const beat = beats[next] as (typeof beats)[number];
            if (beat.token) {
              if (sent && dueAt > Date.now()) return;
              if (emitted === failAt) {
                controller.enqueue({ type: 'error', error: simulatedFault() });
                controller.close();
                return;
              }
              emitted += 1;
              sent = true;
              dueAt += nextDelay() + beat.pauseAfterMs;
            }
            controller.enqueue(beat.part);
          }
          controller.enqueue({
            type: 'finish',
            finishReason: plan.finishReason,
            usage: usageOf(plan.inputTokens, outputTokensOf(plan), plan.reasoning.length),
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
