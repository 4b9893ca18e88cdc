import { hashSeed, type Random, seededRandom } from './random.js';
import { fallbackAnswer, KNOWN_ANSWERS, type Sentence } from './sim-answers.js';

/** What shapes the simulated answer: the question and the sampling settings a real model would use. */
export interface ComposeOptions {
  prompt: string;
  /** 0 to 2: 0 always gives the first wording of every sentence; the higher, the more often another one. */
  temperature: number;
  /** 0 to 1: the share of the alternative wordings considered. */
  topP: number;
  /** The same seed (and prompt and settings) gives the same text; without one, each call draws its own. */
  seed: number | undefined;
}

/** Whether the prompt asks for a long answer ("a long, detailed essay"). */
export function asksForLength(prompt: string): boolean {
  return /\b(long|longer|detailed|in[- ]depth|essay|thorough|comprehensive)\b/i.test(prompt);
}

/** Whether the prompt is one of the questions the simulated model has a written answer for. */
export function isKnownQuestion(prompt: string): boolean {
  return Object.values(KNOWN_ANSWERS).some((answer) => answer.asks(prompt));
}

/** The prompt as the answer quotes it: on one line, and cut short when long. */
function quote(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line;
}

/**
 * Picks a sentence's wording the way a sampler picks tokens: temperature 0 takes the first; warmer samplers
 * leave it more often (e^(-2t): 25% kept at 0.7, 6% at 1.4) for one of the others top-p keeps.
 */
function pick(sentence: Sentence, temperature: number, topP: number, random: Random): string {
  if (typeof sentence === 'string') return sentence;
  const [first = '', ...others] = sentence;
  if (temperature <= 0 || others.length === 0 || random() < Math.exp(-2 * temperature)) return first;
  const considered = Math.max(1, Math.ceil(others.length * topP));
  return others[Math.floor(random() * considered)] as string;
}

/**
 * The simulated model's answer: the written answer of an example prompt (recognized by its key words) or, for any
 * other prompt, a note that this is a simulation and how to use a real model. Temperature 0 always gives the same
 * text; above it the wording varies with the seed.
 *
 * @example
 * ```ts
 * composeAnswer({ prompt: 'What is the capital of France?', temperature: 0, topP: 1, seed: undefined });
 * // 'The capital of France is Paris. It is also the largest city in the country, …'
 * ```
 */
export function composeAnswer({ prompt, temperature, topP, seed }: ComposeOptions): string {
  const known = Object.values(KNOWN_ANSWERS).find((answer) => answer.asks(prompt));
  const paragraphs = known?.paragraphs ?? fallbackAnswer(quote(prompt), asksForLength(prompt));
  const random = seededRandom(
    seed === undefined ? Math.floor(Math.random() * 2 ** 32) : hashSeed(prompt, temperature, topP, seed),
  );
  // The haiku is three lines; everything else paragraphs of sentences.
  const separator = known === KNOWN_ANSWERS.haiku ? '\n' : '\n\n';
  return paragraphs
    .map((sentences) =>
      sentences
        .map((sentence) => pick(sentence, temperature, topP, random))
        .filter((text) => text !== '')
        .join(' '),
    )
    .join(separator);
}
