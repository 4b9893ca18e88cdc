import { beforeAll, describe, expect, test, vi } from 'vitest';
import { recipeSchema } from '../../apps/demo/api/_lib/demo-features.js';
import type { ModelCatalog } from '../../apps/demo/api/_lib/live-models.js';
import { ask, deltasOf } from './sim-kit.js';

type Route = (request: Request) => Promise<Response>;
let stream: Route;
let models: (request: Request) => Response;

beforeAll(async () => {
  // The routes read their settings when they load: a fast simulation, and a quick weather lookup.
  vi.stubEnv('SIM_TOKENS_PER_SECOND', '5000');
  vi.stubEnv('SIM_FIRST_TOKEN_MS', '2');
  vi.stubEnv('SIM_TOOL_MS', '5');
  stream = (await import('../../apps/demo/api/stream.js')).default;
  models = (await import('../../apps/demo/api/models.js')).default;
  vi.unstubAllEnvs();
});

describe('the demo route offers the weather tool, the recipe output and a reasoning model', () => {
  test('GET /api/models lists them', async () => {
    const catalog = (await models(new Request('http://demo.test/api/models')).json()) as ModelCatalog;
    expect(catalog.models.map((model) => model.id)).toContain('tokenflow-sim-reasoning');
    expect(catalog.tools.map((tool) => tool.id)).toEqual(['weather']);
    expect(catalog.outputs.map((output) => output.id)).toEqual(['recipe']);
  });

  test("output 'recipe' streams a recipe; an output the route does not offer is a 400", async () => {
    const chunks = await ask(stream, { prompt: 'Pasta for dinner', output: 'recipe' });
    expect(recipeSchema.parse(JSON.parse(deltasOf(chunks, 'text-delta').join(''))).title).toMatch(/spaghetti/);
    const refused = await stream(
      new Request('http://demo.test/api/stream', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'Pasta', output: 'menu' }),
      }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid-request', field: 'output' } });
  });

  test('a weather question on the reasoning model: thoughts, the tool call and its output, then the answer', async () => {
    const chunks = await ask(stream, { prompt: 'What is the weather in Lisbon?', model: 'tokenflow-sim-reasoning' });
    const types = chunks.map((chunk) => chunk.type);
    const order = ['reasoning-delta', 'tool-input-delta', 'tool-output-available', 'text-delta'].map((type) =>
      types.indexOf(type),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(deltasOf(chunks, 'text-delta').join('')).toContain('in Lisbon');
  });
});
