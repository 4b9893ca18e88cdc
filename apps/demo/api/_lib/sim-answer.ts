import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4Prompt,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { composeAnswer } from './sim-text.js';
import { toTokens } from './sim-tokens.js';

/** Everything the simulated model will say for one call, decided before the first token. */
export interface PlannedAnswer {
  tokens: string[];
  finishReason: LanguageModelV4FinishReason;
  /** The input token count, as a provider would bill it. */
  inputTokens: number;
  warnings: SharedV4Warning[];
}

/** The last user message (what the answer is about) and the length of all prompt text (what is billed). */
function readPrompt(prompt: LanguageModelV4Prompt): { question: string; chars: number } {
  let question = '';
  let chars = 0;
  for (const message of prompt) {
    if (message.role === 'system') {
      chars += message.content.length;
      continue;
    }
    let text = '';
    for (const part of message.content) if (part.type === 'text') text += part.text;
    chars += text.length;
    if (message.role === 'user') question = text;
  }
  return { question, chars };
}

/** Settings a real provider would accept but this simulation ignores, reported the AI SDK way. */
function unsupported(options: LanguageModelV4CallOptions): SharedV4Warning[] {
  const ignored: [string, unknown][] = [
    ['topK', options.topK],
    ['presencePenalty', options.presencePenalty],
    ['frequencyPenalty', options.frequencyPenalty],
    ['tools', options.tools?.length ? options.tools : undefined],
    ['responseFormat', options.responseFormat?.type === 'json' ? options.responseFormat : undefined],
  ];
  return ignored
    .filter(([, value]) => value !== undefined)
    .map(([feature]) => ({ type: 'unsupported', feature, details: 'The simulated model ignores this setting.' }));
}

/** Cuts the text before the first stop sequence, as providers do (the stop sequence itself is not output). */
function cutAtStopSequence(text: string, stopSequences: readonly string[] = []): { text: string; stopped: boolean } {
  const cuts = stopSequences.map((stop) => text.indexOf(stop)).filter((index) => index >= 0);
  return cuts.length === 0 ? { text, stopped: false } : { text: text.slice(0, Math.min(...cuts)), stopped: true };
}

/** Plans one answer: its text from the prompt and sampling settings, cut by stop sequences and the token limit. */
export function planAnswer(options: LanguageModelV4CallOptions): PlannedAnswer {
  const { question, chars } = readPrompt(options.prompt);
  const composed = composeAnswer({
    prompt: question,
    temperature: options.temperature ?? 1,
    topP: options.topP ?? 1,
    seed: options.seed,
  });
  const { text, stopped } = cutAtStopSequence(composed, options.stopSequences);
  const tokens = toTokens(text);
  const limit = options.maxOutputTokens ?? Number.POSITIVE_INFINITY;
  const hitLimit = tokens.length > limit;
  return {
    tokens: hitLimit ? tokens.slice(0, limit) : tokens,
    finishReason: hitLimit
      ? { unified: 'length', raw: 'max_tokens' }
      : { unified: 'stop', raw: stopped ? 'stop_sequence' : 'end_turn' },
    inputTokens: Math.max(1, Math.ceil(chars / 4)),
    warnings: unsupported(options),
  };
}

/** Usage in the AI SDK v4 shape. The simulation has no prompt cache and no reasoning, so those are not reported. */
export function usageOf(inputTokens: number, outputTokens: number): LanguageModelV4Usage {
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
  };
}
