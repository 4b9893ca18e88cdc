/**
 * The prompts whose answers the simulated model knows (`api/_lib/sim-answers.ts`), offered on the page as
 * one-click examples. Any other prompt gets a note saying that the model is a simulation and how to switch to a
 * real one. It lives with the page's code because the dev server serves nothing under `api/` as a file.
 */
export const EXAMPLE_PROMPTS = {
  capital: 'What is the capital of France?',
  streaming: 'Explain how streaming tokens from a language model to a web page works.',
  haiku: 'Write a haiku about the sea.',
  caching: 'Write a long, detailed essay about caching in web applications.',
} as const;

/** Which example a prompt is. */
export type ExampleId = keyof typeof EXAMPLE_PROMPTS;

/** How the page names each example on its button (the button's title gives the whole prompt). */
export const EXAMPLE_LABELS: Record<ExampleId, string> = {
  capital: 'Capital of France',
  streaming: 'How streaming works',
  haiku: 'A haiku',
  caching: 'Long essay on caching',
};
