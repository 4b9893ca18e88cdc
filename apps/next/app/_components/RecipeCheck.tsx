'use client';

import type { StreamObject } from '@tokenflow/streaming';
import type { Recipe } from '../../lib/recipe';

/**
 * What the schema made of the finished recipe: valid (and its JSON, for a look), what it found wrong, or why the
 * JSON could not be read. Nothing while the JSON streams.
 */
export function RecipeCheck({ recipe, running }: { recipe: StreamObject<Recipe>; running: boolean }) {
  const { done, value, issues, error } = recipe;
  if (error) {
    return (
      <p className="recipe-check recipe-check-failed" role="alert" data-testid="recipe-check">
        The JSON could not be read: {error.message}
      </p>
    );
  }
  if (issues) {
    const [first] = issues;
    const where = first?.path?.map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.');
    return (
      <p className="recipe-check recipe-check-failed" role="alert" data-testid="recipe-check">
        Not a valid recipe: {where || 'the recipe'}: {first?.message}
      </p>
    );
  }
  if (!done) {
    return running ? null : (
      <p className="recipe-check" data-testid="recipe-check">
        The answer ended before the recipe was whole.
      </p>
    );
  }
  // Whole, and the schema's check not back yet (it is asynchronous): a moment, not a failure.
  if (value === undefined) {
    return (
      <p className="recipe-check" data-testid="recipe-check">
        Checking the recipe…
      </p>
    );
  }
  return (
    <div className="recipe-check" data-testid="recipe-check">
      <p role="status">✓ A valid recipe: the schema accepted it.</p>
      <details>
        <summary>The JSON</summary>
        <pre data-testid="recipe-json">{JSON.stringify(value, null, 2)}</pre>
      </details>
    </div>
  );
}
