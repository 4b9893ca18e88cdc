import { hashSeed, type Random, seededRandom, shuffled } from './random.js';
import { CORPUS, GENERIC_ASPECTS, STOP_WORDS } from './sim-corpus.js';

/** What shapes the simulated answer: the question and the sampling settings a real model would use. */
export interface ComposeOptions {
  prompt: string;
  /** 0 to 2: 0 always picks the prompt's preferred sentences, higher values wander further. */
  temperature: number;
  /** 0 to 1: the share of the (temperature-weighted) candidates considered at each choice. */
  topP: number;
  seed: number | undefined;
}

/** How long an answer the prompt asks for. */
export type AnswerLength = 'short' | 'normal' | 'long';

/** Reads the length cues people put in prompts ("briefly", "a detailed essay"). */
export function answerLength(prompt: string): AnswerLength {
  const text = prompt.toLowerCase();
  if (/\b(long|longer|detailed|in[- ]depth|essay|thorough|comprehensive|everything)\b/.test(text)) return 'long';
  if (/\b(short|brief|briefly|one line|one sentence|tl;?dr|quick|quickly)\b/.test(text)) return 'short';
  return 'normal';
}

/**
 * The subject of a prompt and its other key words: the longest run of consecutive content words (up to two)
 * becomes the topic, the other runs the aspects. Capitals are kept where they mark a name
 * (React, SSE), not where they only start a sentence.
 */
export function topicsOf(prompt: string): { topic: string; aspects: string[] } {
  const runs: string[][] = [];
  let run: string[] = [];
  let sentenceStart = true;
  // Punctuation ends a run, so "streaming, caching" does not become one topic.
  for (const [word] of prompt.matchAll(/[A-Za-z][A-Za-z0-9'-]*|[^\sA-Za-z]/g)) {
    const isWord = /^[A-Za-z]/.test(word);
    if (isWord && !STOP_WORDS.has(word.toLowerCase()) && isMeaningful(word)) {
      run.push(sentenceStart && !/^[A-Z0-9-]+$/.test(word) ? word.toLowerCase() : word);
    } else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
    sentenceStart = isWord ? false : /[.!?]/.test(word) || sentenceStart;
  }
  if (run.length > 0) runs.push(run);
  if (runs.length === 0) return { topic: 'this topic', aspects: [] };
  const longest = runs.reduce((best, next) => (next.length > best.length ? next : best));
  // Other runs stay phrases ("chat application"), read better than their single words.
  const phrases = runs.map((run) => (run === longest ? run.slice(2) : run)).filter((run) => run.length > 0);
  const aspects = phrases.map((phrase) => phrase.slice(0, 3).join(' '));
  return { topic: longest.slice(0, 2).join(' '), aspects: [...new Set(aspects)] };
}

/** Short words are rarely a subject, except acronyms such as AI or SSE. */
const isMeaningful = (word: string): boolean => word.length >= 3 || /^[A-Z]{2}$/.test(word);

/**
 * Draws items the way a sampler draws tokens: candidates keep their preference order, weights fall off
 * exponentially with rank (more slowly at higher temperature), top-p cuts the tail, and used items wait until
 * the whole group has been used.
 */
class Sampler {
  private readonly used = new Set<number>();

  constructor(
    private readonly items: readonly string[],
    private readonly random: Random,
    private readonly temperature: number,
    private readonly topP: number,
  ) {}

  next(): string {
    if (this.used.size >= this.items.length) this.used.clear();
    const candidates = this.items.flatMap((_, index) => (this.used.has(index) ? [] : [index]));
    const weights = candidates.map((_, rank) =>
      this.temperature <= 0 ? (rank === 0 ? 1 : 0) : Math.exp(-rank / (this.temperature * 3)),
    );
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let nucleus = 0;
    let kept = 0;
    while (kept < weights.length && nucleus < total * this.topP) nucleus += weights[kept++] as number;
    let target = this.random() * nucleus;
    let chosen = candidates[0] as number;
    for (let i = 0; i < Math.max(kept, 1); i++) {
      target -= weights[i] as number;
      chosen = candidates[i] as number;
      if (target < 0) break;
    }
    this.used.add(chosen);
    return this.items[chosen] as string;
  }
}

const capitalize = (sentence: string): string => sentence.charAt(0).toUpperCase() + sentence.slice(1);

/**
 * Composes a plausible answer to the prompt from the embedded phrasebook: an opening, a few paragraphs of
 * explanation, examples, caveats or a short list, and a closing line. The same prompt and settings always give
 * the same text; another temperature, top-p or seed gives another one.
 */
export function composeAnswer({ prompt, temperature, topP, seed }: ComposeOptions): string {
  const { topic, aspects } = topicsOf(prompt);
  // Preferences depend on the prompt only; the draws also on the sampling settings.
  const preference = seededRandom(hashSeed('preference', prompt));
  const draw = seededRandom(hashSeed('draw', prompt, temperature, topP, seed));
  const samplers = new Map<keyof typeof CORPUS, Sampler>();
  const aspectSampler = new Sampler([...aspects, ...shuffled(GENERIC_ASPECTS, preference)], draw, temperature, topP);
  const sentence = (group: keyof typeof CORPUS): string => {
    let sampler = samplers.get(group);
    if (sampler === undefined) {
      sampler = new Sampler(shuffled(CORPUS[group], preference), draw, temperature, topP);
      samplers.set(group, sampler);
    }
    const filled = sampler
      .next()
      .replaceAll('{topic}', topic)
      .replace(/\{aspect\}/g, () => aspectSampler.next());
    return capitalize(filled);
  };
  // Warmer samplers ramble a little more.
  const digresses = (): boolean => draw() < temperature / 3;

  const length = answerLength(prompt);
  if (length === 'short') {
    return [sentence('shortAnswer'), ...(digresses() ? [sentence('explanation')] : [])].join(' ');
  }
  const paragraphs: string[] = [[sentence('opening'), sentence('explanation'), sentence('explanation')].join(' ')];
  const middle = length === 'long' ? 8 + Math.floor(draw() * 5) : 2 + Math.floor(draw() * 2);
  let listed = false;
  for (let i = 0; i < middle; i++) {
    if (!listed && i > 0 && draw() < 0.3) {
      listed = true;
      const items = Array.from({ length: 3 + Math.floor(draw() * 2) }, () => `- ${sentence('tip')}`);
      paragraphs.push([sentence('listIntro'), ...items].join('\n'));
      continue;
    }
    if (length === 'long' && i % 4 === 3) listed = false;
    const body = [sentence('lead'), sentence('explanation'), sentence(draw() < 0.55 ? 'example' : 'caveat')];
    if (digresses()) body.push(sentence('explanation'));
    paragraphs.push(body.join(' '));
  }
  paragraphs.push(sentence('closing'));
  return paragraphs.join('\n\n');
}
