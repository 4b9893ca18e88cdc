import type { StructuredOutput } from './settings.js';

/** An example that shows one part of a stream besides its text: the prompt, and the output it asks for, if any. */
export interface PartExample {
  label: string;
  prompt: string;
  /** The structured output to ask for; picking the example sets the recipe switch to match. */
  output?: StructuredOutput;
}

/**
 * Examples of the parts a stream carries besides its text, which the simulated model produces on cue
 * (`api/_lib/`): it thinks when asked to think step by step (and the streaming question is one it knows), calls
 * the route's `weather` tool when a question names the weather, and answers a recipe it knows (pancakes, soup,
 * pasta) as JSON when the request asks for the `recipe` output. Kept apart from `EXAMPLE_PROMPTS`, whose ids are
 * the simulated model's written answers.
 */
export const PART_EXAMPLES = {
  thinking: {
    label: 'Think step by step',
    prompt: 'Think step by step: how do streamed tokens get from the model to the page?',
  },
  weather: { label: 'Weather in Oslo (tool)', prompt: "What's the weather in Oslo?" },
  recipe: { label: 'Recipe for pancakes (JSON)', prompt: 'A recipe for pancakes', output: 'recipe' },
} as const satisfies Record<string, PartExample>;

/** Which part example a prompt is. */
export type PartExampleId = keyof typeof PART_EXAMPLES;
