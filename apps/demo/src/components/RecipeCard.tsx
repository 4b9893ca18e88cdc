import { type StreamHandle, useStreamObject, useTokens } from '@tokenflow/streaming';
import { memo, useId } from 'react';
import type { Recipe } from '../../api/_lib/demo-features.js';
import { recipeSchema } from '../lib/recipe-schema.js';
import { useRenderCount } from '../lib/use-render-count.js';
import { FollowingBox } from './FollowingBox.js';
import { RecipeCheck } from './RecipeCheck.js';
import { RecipeList } from './RecipeList.js';
import { RenderCount } from './RenderCount.js';

/** Props of {@link RecipeCard}. */
export interface RecipeCardProps {
  handle: StreamHandle;
  /** Names the card's scrolling box apart from the other panels' (compare mode shows three). */
  label: string;
}

/**
 * The `recipe` output as a card, filled in while its JSON streams (`useStreamObject`): the title, then the
 * description, the numbers, the ingredients and the steps, each shown as it arrives, with a caret (and
 * `aria-busy`) on whatever is still being written. Once the JSON is whole it is checked against the recipe schema.
 * Its box has the height of the text's, so the panel keeps its size, and follows the end as the card grows.
 */
export const RecipeCard = memo(function RecipeCard({ handle, label }: RecipeCardProps) {
  const titleId = useId();
  const renders = useRenderCount();
  const { isRunning } = useTokens(handle);
  const { object, isComplete, done, value, issues, error } = useStreamObject<Recipe>(handle, { schema: recipeSchema });
  const busy = (...path: (string | number)[]) => isRunning && !isComplete(path);
  const ingredients = object?.ingredients ?? [];
  const steps = object?.steps ?? [];
  return (
    <FollowingBox grows={object} label={label} className="recipe-box">
      <article className="recipe-card" aria-labelledby={titleId} aria-busy={isRunning} data-testid="recipe-card">
        <header className="recipe-header">
          <h4 id={titleId} className="live-field" aria-busy={busy('title')} data-testid="recipe-title">
            {object?.title ?? (
              <span className="placeholder">{isRunning ? 'Waiting for the recipe…' : 'No recipe.'}</span>
            )}
          </h4>
          <dl className="recipe-facts">
            <div>
              <dt>Serves</dt>
              <dd data-testid="recipe-servings">{object?.servings ?? '—'}</dd>
            </div>
            <div>
              <dt>Time</dt>
              <dd data-testid="recipe-minutes">{object?.minutes === undefined ? '—' : `${object.minutes} min`}</dd>
            </div>
          </dl>
          <RenderCount counter={renders} part="recipe" />
        </header>
        <p className="live-field recipe-description" aria-busy={busy('description')} data-testid="recipe-description">
          {object?.description}
        </p>
        <RecipeList
          title="Ingredients"
          ordered={false}
          busy={busy('ingredients')}
          items={ingredients.map((ingredient, index) => ({
            content: (
              <>
                <span className="ingredient-quantity">{ingredient.quantity}</span> {ingredient.name}
              </>
            ),
            busy: busy('ingredients', index),
          }))}
          testId="recipe-ingredients"
        />
        <RecipeList
          title="Steps"
          ordered
          busy={busy('steps')}
          items={steps.map((step, index) => ({ content: step, busy: busy('steps', index) }))}
          testId="recipe-steps"
        />
        <RecipeCheck done={done} running={isRunning} valid={value !== undefined} issues={issues} error={error} />
      </article>
    </FollowingBox>
  );
});
