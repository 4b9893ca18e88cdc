import * as z from 'zod/mini';
import type { Recipe } from '../../api/_lib/demo-features.js';

/**
 * The `recipe` output's schema, for the page to check the finished object with (`useStreamObject`'s `schema`).
 * The route's own schema cannot be imported here: the dev server answers every `/api/…` URL with a route, so the
 * page loads no module from `api/`. zod's mini build keeps the page small (about 7 KB gzipped, against 27 KB for the
 * full one); the type check below fails if this schema's output drifts from the route's `Recipe`.
 */
export const recipeSchema = z.object({
  title: z.string(),
  description: z.string(),
  servings: z.int().check(z.minimum(1)),
  minutes: z.int().check(z.minimum(1)),
  ingredients: z.array(z.object({ name: z.string(), quantity: z.string() })).check(z.minLength(1)),
  steps: z.array(z.string()).check(z.minLength(1)),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<Holds extends true> = Holds;
/** Compiles only while the page's schema gives exactly the route's `Recipe`. */
export type RecipeSchemaMatchesRoute = Assert<Same<z.infer<typeof recipeSchema>, Recipe>>;
