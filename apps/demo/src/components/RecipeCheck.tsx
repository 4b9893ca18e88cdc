import type { StandardIssue, StreamError } from '@tokenflow/streaming';

/** Props of {@link RecipeCheck}. */
export interface RecipeCheckProps {
  /** The JSON is whole. */
  done: boolean;
  /** The stream still runs (not done yet is then no problem). */
  running: boolean;
  /** The schema accepted the finished object. */
  valid: boolean;
  /** What the schema found wrong with the finished object. */
  issues: readonly StandardIssue[] | undefined;
  error: StreamError | undefined;
}

/** Where a schema's issue is, in words: "steps › 2". */
const pathOf = (path: StandardIssue['path']) =>
  path?.map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join(' › ') ?? '';

/**
 * The last line of a recipe card: what is known about the object as a whole. Once the JSON is whole it is checked
 * against the recipe schema: valid, or what is wrong; JSON that cannot be read, or a stream that ended before the
 * recipe did, is said too.
 */
export function RecipeCheck({ done, running, valid, issues, error }: RecipeCheckProps) {
  if (error) {
    return (
      <p className="recipe-problem" role="alert" data-testid="recipe-check" data-check="malformed">
        The JSON could not be read: {error.message}
      </p>
    );
  }
  if (!done) {
    return (
      <p className="hint" data-testid="recipe-check" data-check={running ? 'streaming' : 'incomplete'}>
        {running
          ? 'Each field shows as it arrives; the recipe is checked once complete.'
          : 'The stream ended before the recipe was complete.'}
      </p>
    );
  }
  if (issues) {
    return (
      <div className="recipe-problem" role="alert" data-testid="recipe-check" data-check="invalid">
        <p>Not a valid recipe:</p>
        <ul>
          {issues.map((issue) => (
            <li key={`${pathOf(issue.path)}: ${issue.message}`}>
              {pathOf(issue.path) && `${pathOf(issue.path)}: `}
              {issue.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <p className="recipe-valid" data-testid="recipe-check" data-check={valid ? 'valid' : 'checking'}>
      {valid ? '✓ A valid recipe: the finished JSON matches the recipe schema.' : 'Checking the recipe…'}
    </p>
  );
}
