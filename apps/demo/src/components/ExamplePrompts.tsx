import { EXAMPLE_LABELS, EXAMPLE_PROMPTS, type ExampleId } from '../lib/example-prompts.js';

/** The example prompts (the simulated model knows their answers); picking one puts it in the prompt field. */
export function ExamplePrompts({ onPick }: { onPick: (prompt: string) => void }) {
  const ids = Object.keys(EXAMPLE_PROMPTS) as ExampleId[];
  return (
    <div className="examples">
      <span id="examples-heading" className="hint">
        Examples the simulated model knows:
      </span>
      <ul aria-labelledby="examples-heading">
        {ids.map((id) => (
          <li key={id}>
            <button
              type="button"
              className="example"
              title={EXAMPLE_PROMPTS[id]}
              onClick={() => onPick(EXAMPLE_PROMPTS[id])}
              data-testid={`example-${id}`}
            >
              {EXAMPLE_LABELS[id]}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
