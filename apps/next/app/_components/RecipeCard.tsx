'use client';

import { type StreamHandle, useStreamObject, useTokens } from '@tokenflow/streaming';
import { useId } from 'react';
import { type Recipe, recipeSchema } from '../../lib/recipe';
import { RecipeCheck } from './RecipeCheck';

/**
 * The `recipe` output as a card that fills in while its JSON streams (`useStreamObject`): the title as it is
 * written, then the servings and time, the ingredients and the steps, each item marked busy until it is whole.
 * Once the JSON is complete the recipe schema checks it, and the card says what it found.
 */
export function RecipeCard({ handle }: { handle: StreamHandle }) {
  const titleId = useId();
  const { isRunning } = useTokens(handle);
  const recipe = useStreamObject<Recipe>(handle, { schema: recipeSchema });
  const { object } = recipe;
  /** Whether the value at this path is still being written. */
  const writing = (...path: (string | number)[]) => isRunning && !recipe.isComplete(path);
  return (
    <article className="recipe" aria-labelledby={titleId} aria-busy={isRunning} data-testid="recipe-card">
      <h2 id={titleId} aria-busy={writing('title')} data-testid="recipe-title">
        {object?.title ?? (isRunning ? 'Waiting for the recipe…' : 'No recipe')}
      </h2>
      <p className="recipe-facts">
        Serves <span data-testid="recipe-servings">{object?.servings ?? '…'}</span> · Ready in{' '}
        <span data-testid="recipe-minutes">{object?.minutes ?? '…'}</span> min
      </p>
      <div className="recipe-lists">
        <section aria-label="Ingredients">
          <h3>Ingredients</h3>
          <ul data-testid="recipe-ingredients">
            {object?.ingredients?.map((ingredient, index) => (
              // The list only grows while it streams: an item's index is its identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above.
              <li key={index} aria-busy={writing('ingredients', index)}>
                <strong>{ingredient?.amount}</strong> {ingredient?.item}
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Steps">
          <h3>Steps</h3>
          <ol data-testid="recipe-steps">
            {object?.steps?.map((step, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list only grows while it streams.
              <li key={index} aria-busy={writing('steps', index)}>
                {step}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <RecipeCheck recipe={recipe} running={isRunning} />
    </article>
  );
}
