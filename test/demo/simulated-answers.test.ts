import { describe, expect, test } from 'vitest';
import { composeAnswer } from '../../apps/demo/api/_lib/sim-text.js';
import { EXAMPLE_PROMPTS } from '../../apps/demo/src/lib/example-prompts.js';

const answer = (prompt: string, temperature: number, seed?: number) =>
  composeAnswer({ prompt, temperature, topP: 1, seed });

const SEEDS = Array.from({ length: 8 }, (_, seed) => seed);

describe("the simulated model's answers", () => {
  test('the example prompts get their answers: Paris for the capital of France, however it is asked', () => {
    expect(answer(EXAMPLE_PROMPTS.capital, 0)).toMatch(/^The capital of France is Paris\./);
    expect(answer("what's the capital city of France", 0.7, 1)).toContain('Paris');
    expect(answer(EXAMPLE_PROMPTS.haiku, 0).split('\n')).toHaveLength(3);
    expect(answer(EXAMPLE_PROMPTS.streaming, 0)).toMatch(/token/);
    // Long enough to stop mid-way, as the long example promises.
    expect(answer(EXAMPLE_PROMPTS.caching, 0).split(/\s+/).length).toBeGreaterThan(500);
  });

  test('temperature 0 always gives the same text, with or without a seed', () => {
    for (const prompt of Object.values(EXAMPLE_PROMPTS)) {
      const first = answer(prompt, 0);
      for (const seed of SEEDS) expect(answer(prompt, 0, seed)).toBe(first);
    }
  });

  test('above 0 the text depends on the seed: the same seed repeats, other seeds differ', () => {
    for (const temperature of [0.7, 1.4]) {
      const texts = SEEDS.map((seed) => answer(EXAMPLE_PROMPTS.streaming, temperature, seed));
      expect(SEEDS.map((seed) => answer(EXAMPLE_PROMPTS.streaming, temperature, seed))).toEqual(texts);
      expect(new Set(texts).size).toBeGreaterThan(4);
      // A warm answer does not start the way temperature 0's does, most of the time.
      const coldStart = answer(EXAMPLE_PROMPTS.streaming, 0).split('. ')[0];
      expect(texts.filter((text) => text.startsWith(`${coldStart}.`)).length).toBeLessThan(SEEDS.length / 2);
    }
  });

  test('any other prompt gets a note that this is a simulation and how to use a real model', () => {
    for (const temperature of [0, 1.4]) {
      const note = answer('Tell me about the history of Rome.', temperature, 3);
      expect(note).toMatch(/simulated model/);
      expect(note).toMatch(/"Tell me about the history of Rome\."( |$)/);
      expect(note).toContain('OPENAI_API_KEY');
    }
    expect(answer('Who painted the Mona Lisa?', 0)).toContain('"Who painted the Mona Lisa?" ');
    expect(answer('Tell me a joke', 0)).toContain('"Tell me a joke". ');
    // A question that only shares a word with an example is not answered as if it were that example.
    expect(answer('What is the capital of Germany?', 0)).not.toContain('Paris');
    expect(answer('Write a long, detailed essay about dogs.', 0).length).toBeGreaterThan(
      answer('Tell me about dogs.', 0).length * 2,
    );
  });
});
