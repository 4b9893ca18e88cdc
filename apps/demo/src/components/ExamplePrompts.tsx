import { EXAMPLE_LABELS, EXAMPLE_PROMPTS, type ExampleId } from '../lib/example-prompts.js';
import { PART_EXAMPLES, type PartExample, type PartExampleId } from '../lib/part-examples.js';
import type { StructuredOutput } from '../lib/settings.js';

/** What picking an example sets: its prompt, and the output it needs (none for a text answer). */
export type PickExample = (prompt: string, output: StructuredOutput | undefined) => void;

/** The written answers first, then the examples of the other parts: thinking, a tool call, a structured output. */
const EXAMPLES: [id: string, example: PartExample][] = [
  ...(Object.keys(EXAMPLE_PROMPTS) as ExampleId[]).map((id): [string, PartExample] => [
    id,
    { label: EXAMPLE_LABELS[id], prompt: EXAMPLE_PROMPTS[id] },
  ]),
  ...(Object.keys(PART_EXAMPLES) as PartExampleId[]).map((id): [string, PartExample] => [id, PART_EXAMPLES[id]]),
];

/**
 * The example prompts (the simulated model knows their answers); picking one puts it in the prompt field and sets
 * the recipe switch to what it needs, so that every example is answered as its label says.
 */
export function ExamplePrompts({ onPick }: { onPick: PickExample }) {
  return (
    <div className="examples">
      <span id="examples-heading" className="hint">
        Examples the simulated model knows:
      </span>
      <ul aria-labelledby="examples-heading">
        {EXAMPLES.map(([id, example]) => (
          <li key={id}>
            <button
              type="button"
              className="example"
              title={example.output ? `${example.prompt} (as the ${example.output} output)` : example.prompt}
              onClick={() => onPick(example.prompt, example.output)}
              data-testid={`example-${id}`}
            >
              {example.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
