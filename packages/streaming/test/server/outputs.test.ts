// @vitest-environment edge-runtime
import { createStreamHandler, type StreamHandlerOptions } from '@tokenflow/streaming/server';
import { jsonSchema, Output } from 'ai';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { chunksOf, post, scriptedModel, step, textParts } from './parts-kit.js';

const recipe = z.object({ title: z.string(), servings: z.number().int(), steps: z.array(z.string()) });
// The third piece changes nothing in the object parsed so far (half a key): the AI SDK, left to itself, would hold
// it back and send it merged with the next one.
const JSON_PIECES = ['{"title":"Pan', 'cakes","servings":4', ',"ste', 'ps":["Mix","Fry"]}'];

function route(options: Partial<StreamHandlerOptions> = {}) {
  const model = scriptedModel([step(...textParts(...JSON_PIECES))]);
  const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', outputs: { recipe }, ...options });
  return { model, handler };
}

describe('structured outputs: a client asks for one by name', () => {
  test.each([
    ['with a log', {}],
    ['without a log', { log: false as const }],
  ])(
    '%s: the schema reaches the model as its response format, and the JSON streams as its deltas, one for one',
    async (_, options) => {
      const { model, handler } = route(options);
      const chunks = await chunksOf(await handler(post({ prompt: 'Pancakes for four', output: 'recipe' })));
      expect(model.doStreamCalls[0]?.responseFormat).toMatchObject({
        type: 'json',
        name: 'recipe',
        schema: {
          type: 'object',
          properties: { title: { type: 'string' }, servings: { type: 'integer' }, steps: { type: 'array' } },
          required: ['title', 'servings', 'steps'],
        },
      });
      const deltas = chunks.filter((chunk) => chunk.type === 'text-delta').map((chunk) => chunk.delta);
      expect(deltas).toEqual(JSON_PIECES);
      expect(recipe.parse(JSON.parse(deltas.join('')))).toEqual({
        title: 'Pancakes',
        servings: 4,
        steps: ['Mix', 'Fry'],
      });
    },
  );

  test('a request without output is a plain text call', async () => {
    const { model, handler } = route();
    await chunksOf(await handler(post({ prompt: 'Pancakes' })));
    expect(model.doStreamCalls[0]?.responseFormat?.type ?? 'text').toBe('text');
  });

  test('an AI SDK output spec is used as given (a JSON schema, a description)', async () => {
    const mood = Output.object({
      schema: jsonSchema<{ mood: string }>({ type: 'object', properties: { mood: { type: 'string' } } }),
      description: 'How the text feels',
    });
    const { model, handler } = route({ outputs: { mood } });
    await chunksOf(await handler(post({ prompt: 'I am glad', output: 'mood' })));
    expect(model.doStreamCalls[0]?.responseFormat).toEqual({
      type: 'json',
      description: 'How the text feels',
      schema: { type: 'object', properties: { mood: { type: 'string' } } },
    });
  });

  test.each([
    ['an output the route does not offer', { outputs: { recipe } }, 'recipes', /Unknown output "recipes".*recipe/],
    ['any output, on a route that offers none', {}, 'recipe', /offers: none/],
  ])('%s is a 400 naming the field, and no model call', async (_, options, output, message) => {
    const model = scriptedModel([step(...textParts('x'))]);
    const handler = createStreamHandler({ models: { m: model }, defaultModel: 'm', ...options });
    const response = await handler(post({ prompt: 'Pancakes', output }));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; field: string; message: string } };
    expect(error).toMatchObject({ code: 'invalid-request', field: 'output' });
    expect(error.message).toMatch(message);
    expect(model.doStreamCalls).toHaveLength(0);
  });

  test('an output that is not a schema is refused when the handler is made', () => {
    const model = scriptedModel([step()]);
    const outputs = { recipe: null } as unknown as NonNullable<StreamHandlerOptions['outputs']>;
    expect(() => createStreamHandler({ models: { m: model }, defaultModel: 'm', outputs })).toThrow(/outputs\.recipe/);
  });
});
