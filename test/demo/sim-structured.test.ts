import type { JSONSchema7 } from '@ai-sdk/provider';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { recipeSchema } from '../../apps/demo/api/_lib/demo-features.js';
import { fillSchema } from '../../apps/demo/api/_lib/sim-json.js';
import { ask, deltasOf, simRoute } from './sim-kit.js';

describe('asked for JSON, the simulated model streams a value that matches the schema', () => {
  test("output 'recipe': valid JSON of the recipe schema, in many small text deltas", async () => {
    const chunks = await ask(simRoute(), { prompt: 'Fluffy pancakes for four, please', output: 'recipe' });
    const deltas = deltasOf(chunks, 'text-delta');
    expect(deltas.length).toBeGreaterThan(100);
    expect(Math.max(...deltas.map((delta) => delta.length))).toBeLessThan(20);
    const recipe = recipeSchema.parse(JSON.parse(deltas.join('')));
    expect(recipe.title).toBe('Fluffy pancakes');
    expect(recipe.ingredients).toContainEqual({ name: 'plain flour', quantity: '200 g' });
    expect(recipe.steps.length).toBeGreaterThanOrEqual(4);
  });

  test('the request picks the recipe; the reasoning model thinks first, then streams the JSON', async () => {
    const chunks = await ask(simRoute(), { prompt: 'A warming soup', output: 'recipe', model: 'reasoning' });
    const types = chunks.map((chunk) => chunk.type);
    expect(types.lastIndexOf('reasoning-delta')).toBeLessThan(types.indexOf('text-delta'));
    expect(deltasOf(chunks, 'reasoning-delta').join('')).toContain('Red lentil soup fits the request');
    expect(recipeSchema.parse(JSON.parse(deltasOf(chunks, 'text-delta').join(''))).title).toBe('Red lentil soup');
  });

  test('the weather tool is not called for a structured answer', async () => {
    const chunks = await ask(simRoute(), { prompt: 'A dish for weather like this', output: 'recipe' });
    expect(chunks.some((chunk) => chunk.type.startsWith('tool-'))).toBe(false);
  });

  const SCHEMAS = {
    'enums, nullable fields, nested objects, bounded lists': z.object({
      mood: z.enum(['calm', 'busy']),
      note: z.string().nullable(),
      score: z.number().min(5).max(9),
      place: z.object({ city: z.string(), zip: z.string().max(3) }),
      tags: z.array(z.string()).min(3).max(4),
      flags: z.array(z.boolean()).max(1),
    }),
    'unions and literals': z.object({
      kind: z.literal('answer'),
      value: z.union([z.number().int(), z.string()]),
      optional: z.string().optional(),
    }),
    'a recipe of another shape (synonyms: name, serves, instructions, amount)': z.object({
      name: z.string(),
      serves: z.number().int(),
      ingredients: z.array(z.object({ item: z.string(), amount: z.number(), unit: z.string() })),
      instructions: z.array(z.string()).min(1),
    }),
  };

  test.each(Object.entries(SCHEMAS))('any schema is filled validly: %s', (_, schema) => {
    const jsonSchema = z.toJSONSchema(schema) as JSONSchema7;
    expect(schema.safeParse(fillSchema(jsonSchema, {})).success).toBe(true);
    expect(schema.safeParse(fillSchema(jsonSchema, { title: 'Soup', servings: 2, steps: ['Boil'] })).success).toBe(
      true,
    );
  });

  test('a schema that refers to itself still ends', () => {
    type Node = { label: string; children: Node[] };
    const node: z.ZodType<Node> = z.object({ label: z.string(), children: z.array(z.lazy(() => node)) });
    const value = fillSchema(z.toJSONSchema(node) as JSONSchema7, {});
    expect(node.safeParse(value).success).toBe(true);
  });
});
