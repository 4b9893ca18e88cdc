import { tool } from 'ai';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { madeUpWeather } from '../../apps/demo/api/_lib/demo-features.js';
import { placeIn } from '../../apps/demo/api/_lib/sim-tools.js';
import { ask, deltasOf, simRoute } from './sim-kit.js';

const typesOf = (chunks: readonly { type: string }[]) => chunks.map((chunk) => chunk.type);

describe('the simulated model calls the weather tool, and answers from its output', () => {
  test('step 1 streams the call (input in deltas), the route runs the tool, step 2 reads its output', async () => {
    const chunks = await ask(simRoute(), { prompt: "What's the weather in Oslo right now?" });
    const types = typesOf(chunks);
    expect(types.filter((type) => type === 'start-step')).toHaveLength(2);
    const start = chunks.find((chunk) => chunk.type === 'tool-input-start');
    expect(start).toMatchObject({ toolName: 'weather' });
    const input = deltasOf(chunks, 'tool-input-delta');
    expect(input.length).toBeGreaterThan(5);
    expect(JSON.parse(input.join(''))).toEqual({ city: 'Oslo' });
    expect(chunks.find((chunk) => chunk.type === 'tool-input-available')).toMatchObject({ input: { city: 'Oslo' } });
    const weather = madeUpWeather('Oslo');
    expect(chunks.find((chunk) => chunk.type === 'tool-output-available')).toMatchObject({ output: weather });
    // No text before the call; the answer, after it, is about the tool's output.
    expect(types.indexOf('text-delta')).toBeGreaterThan(types.indexOf('tool-output-available'));
    const answer = deltasOf(chunks, 'text-delta').join('');
    expect(answer).toContain(`${weather.temperatureC} °C and ${weather.conditions} in Oslo`);
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  test('the reasoning model thinks in both steps: what it needs, then what the tool said', async () => {
    const chunks = await ask(simRoute(), { prompt: 'How is the weather in New York?', model: 'reasoning' });
    const starts = chunks.filter((chunk) => chunk.type === 'reasoning-start');
    expect(starts).toHaveLength(2);
    const thoughts = deltasOf(chunks, 'reasoning-delta').join('');
    expect(thoughts).toContain('I will call it with {"city":"New York"}');
    expect(thoughts).toContain(
      `The weather tool answered: city New York, temperature c ${madeUpWeather('New York').temperatureC}`,
    );
  });

  test('a tool that fails: the model says so in its answer', async () => {
    const weather = tool({
      description: 'The weather',
      inputSchema: z.object({ city: z.string() }),
      execute: async (): Promise<string> => {
        throw new Error('weather service down');
      },
    });
    const route = simRoute({}, { tools: { weather }, onError: () => {} });
    const chunks = await ask(route, { prompt: 'Weather in Rome?' });
    expect(typesOf(chunks)).toContain('tool-output-error');
    expect(deltasOf(chunks, 'text-delta').join('')).toMatch(/^I asked the weather tool, but it failed/);
  });

  test('no tool for a question that needs none, nor when the route offers none', async () => {
    const plain = await ask(simRoute(), { prompt: 'What is the capital of France?' });
    expect(typesOf(plain).some((type) => type.startsWith('tool-'))).toBe(false);
    const noTools = await ask(simRoute({}, { tools: {} }), { prompt: 'Weather in Oslo?' });
    expect(typesOf(noTools).some((type) => type.startsWith('tool-'))).toBe(false);
    expect(deltasOf(noTools, 'text-delta').join('')).toContain('simulated model');
  });

  test('the place a question names', () => {
    expect(placeIn("What's the weather in Oslo?")).toBe('Oslo');
    expect(placeIn('Weather for San Francisco today')).toBe('San Francisco');
    expect(placeIn('Is it raining in São Paulo.')).toBe('São Paulo');
    expect(placeIn('weather please')).toBe('Paris');
  });
});
