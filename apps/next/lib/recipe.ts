import { z } from 'zod';

/**
 * The `recipe` output: the route offers it (`outputs: { recipe: recipeSchema }`), the model is asked for JSON of this
 * shape when a request names it (`start({ prompt, output: 'recipe' })`), and the page checks the finished object
 * with it (`useStreamObject(handle, { schema: recipeSchema })`). One schema for both sides, so they cannot drift.
 */
export const recipeSchema = z.object({
  title: z.string().min(1).describe('The name of the dish'),
  servings: z.number().int().min(1),
  minutes: z.number().int().min(1).describe('Preparation and cooking, in all'),
  // The amount before the item: models write JSON in the schema's order, and the card shows "200 g" before "flour".
  ingredients: z.array(z.object({ amount: z.string(), item: z.string() })).min(1),
  steps: z.array(z.string()).min(1),
});

export type Recipe = z.infer<typeof recipeSchema>;
