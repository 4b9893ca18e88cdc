import { tool } from 'ai';
import { z } from 'zod';
import { type Env, numberSetting } from './env.js';
import { hashSeed, seededRandom } from './random.js';
import { sleep } from './sim-pacing.js';

/**
 * What the demo route offers besides text: one server-side tool (`weather`) and one structured output (`recipe`).
 * The simulated model uses both (see `simulated-model.ts`); an OpenAI model does too.
 */

/** The recipe a client asks for with `output: 'recipe'`: the route passes this schema to the model. */
export const recipeSchema = z.object({
  title: z.string().describe('The name of the dish'),
  description: z.string().describe('One or two sentences about it'),
  servings: z.number().int().min(1),
  minutes: z.number().int().min(1).describe('Total time, preparation and cooking'),
  ingredients: z.array(z.object({ name: z.string(), quantity: z.string() })).min(1),
  steps: z.array(z.string()).min(1),
});

/** A recipe as the `recipe` output gives it. */
export type Recipe = z.infer<typeof recipeSchema>;

const CONDITIONS = ['sunny', 'partly cloudy', 'overcast', 'rainy', 'windy', 'foggy'] as const;

/** The weather a city has in this demo: made up, the same for the same city (no network, no key). */
export function madeUpWeather(city: string) {
  const random = seededRandom(hashSeed('weather', city.trim().toLowerCase()));
  return {
    city: city.trim(),
    temperatureC: Math.round(-2 + random() * 30),
    conditions: CONDITIONS[Math.floor(random() * CONDITIONS.length)] as string,
    windKph: Math.round(3 + random() * 35),
    humidity: Math.round(35 + random() * 60),
    source: 'made up by the Tokenflow demo',
  };
}

/**
 * The demo's tools. `weather` takes a moment (`SIM_TOOL_MS`, default 600 ms), as a real lookup would, so the page
 * can show a call that runs; a stop aborts the wait.
 */
export function demoTools(env: Env) {
  const lookupMs = numberSetting(env, 'SIM_TOOL_MS', 600, 0, 60_000);
  return {
    weather: tool({
      description: 'The current weather in a city: temperature, conditions, wind and humidity.',
      inputSchema: z.object({ city: z.string().min(1).describe('The city, e.g. "Paris"') }),
      execute: async ({ city }, { abortSignal }) => {
        await sleep(lookupMs, abortSignal);
        return madeUpWeather(city);
      },
    }),
  };
}

/** The demo's structured outputs, by the name a client asks for. */
export const demoOutputs = { recipe: recipeSchema };

/** One tool or output, as the page lists it. */
export interface FeatureInfo {
  id: string;
  description: string;
}

/** What `GET /api/models` says about the tools and outputs the route offers. */
export const FEATURES: { tools: FeatureInfo[]; outputs: FeatureInfo[] } = {
  tools: [{ id: 'weather', description: 'The weather in a city (made-up data): ask "What is the weather in Oslo?"' }],
  outputs: [
    { id: 'recipe', description: 'A recipe as JSON: title, description, servings, minutes, ingredients, steps' },
  ],
};
