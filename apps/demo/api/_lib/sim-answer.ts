import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4Prompt,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { fillSchema } from './sim-json.js';
import { recipeFor } from './sim-recipes.js';
import { composeAnswer, isKnownQuestion } from './sim-text.js';
import { asksToThink, composeThoughts, type Intent } from './sim-thoughts.js';
import { toTokens } from './sim-tokens.js';
import { answerFromTools, chooseTool, type PlannedToolCall, placeIn, planToolCall, toolOutcomes } from './sim-tools.js';

/** When a simulated model thinks before answering: before every answer, or when the prompt asks it to. */
export type Thinking = 'always' | 'when-asked';

/** Everything the simulated model will say for one call, decided before the first token. */
export interface PlannedAnswer {
  /** Its thoughts, as tokens (streamed as reasoning before the rest; empty when it does not think). */
  reasoning: string[];
  /** The answer's text (JSON text for a structured answer), as tokens. */
  tokens: string[];
  /** The tool it calls (instead of answering) and its input as JSON text cut into deltas. */
  toolCall: (PlannedToolCall & { inputPieces: string[] }) | undefined;
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

/**
 * What this call does, in the order a model decides it: read the results of the tools it called (they are in the
 * prompt after the user's last message), answer in JSON when asked for a JSON response format, call a tool the
 * question needs when the route offers one, else answer in words.
 */
function decide(options: LanguageModelV4CallOptions, question: string): { intent: Intent; text: string } {
  const outcomes = toolOutcomes(options.prompt);
  if (outcomes.length > 0) return { intent: { kind: 'read-tools', outcomes }, text: answerFromTools(outcomes) };
  const sampling = {
    prompt: question,
    temperature: options.temperature ?? 1,
    topP: options.topP ?? 1,
    seed: options.seed,
  };
  const format = options.responseFormat;
  if (format?.type === 'json') {
    const recipe = recipeFor(question);
    const facts = { ...recipe, city: placeIn(question), answer: composeAnswer(sampling) };
    const value = format.schema ? fillSchema(format.schema, facts) : { answer: facts.answer };
    const title =
      format.schema && /recipe|title|ingredient/i.test(JSON.stringify(format.schema)) ? recipe.title : undefined;
    return { intent: { kind: 'json', schema: format.schema, title }, text: JSON.stringify(value, null, 2) };
  }
  const tool = chooseTool(options, question);
  if (tool) return { intent: { kind: 'call-tool', call: planToolCall(tool, question) }, text: '' };
  return { intent: { kind: 'text', known: isKnownQuestion(question) }, text: composeAnswer(sampling) };
}

/**
 * Plans one answer: its thoughts (when this model thinks, and the call does not say `reasoning: 'none'`), then its
 * text from the prompt and sampling settings, or its JSON, or its tool call; cut by stop sequences and by the token
 * limit, which counts the thoughts too, as providers do.
 */
export function planAnswer(options: LanguageModelV4CallOptions, thinking: Thinking = 'when-asked'): PlannedAnswer {
  const { question, chars } = readPrompt(options.prompt);
  const { intent, text: decided } = decide(options, question);
  const thinks = options.reasoning !== 'none' && (thinking === 'always' || asksToThink(question));
  const thoughts = thinks ? toTokens(composeThoughts(question, intent)) : [];
  const { text, stopped } = cutAtStopSequence(decided, options.stopSequences);
  const tokens = toTokens(text);
  const limit = options.maxOutputTokens ?? Number.POSITIVE_INFINITY;
  const reasoning = thoughts.slice(0, limit);
  const room = limit - reasoning.length;
  const hitLimit = thoughts.length + tokens.length > limit;
  const call = intent.kind === 'call-tool' && !hitLimit ? intent.call : undefined;
  return {
    reasoning,
    tokens: tokens.slice(0, Math.max(0, room)),
    toolCall: call && { ...call, inputPieces: toTokens(JSON.stringify(call.input)) },
    finishReason: hitLimit
      ? { unified: 'length', raw: 'max_tokens' }
      : call
        ? { unified: 'tool-calls', raw: 'tool_use' }
        : { unified: 'stop', raw: stopped ? 'stop_sequence' : 'end_turn' },
    inputTokens: Math.max(1, Math.ceil(chars / 4)),
    warnings: unsupported(options),
  };
}

/** Usage in the AI SDK v4 shape. The simulation has no prompt cache, so that is not reported. */
export function usageOf(inputTokens: number, outputTokens: number, reasoningTokens = 0): LanguageModelV4Usage {
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: {
      total: outputTokens,
      text: outputTokens - reasoningTokens,
      reasoning: reasoningTokens > 0 ? reasoningTokens : undefined,
    },
  };
}
