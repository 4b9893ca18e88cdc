import { type ToolCall, useToolInput } from '@tokenflow/streaming';
import { memo, useId } from 'react';
import { toolLayout } from '../lib/tool-fields.js';
import { useRenderCount } from '../lib/use-render-count.js';
import { RenderCount } from './RenderCount.js';
import { ToolFields } from './ToolFields.js';

/** What each state of a call means to the person watching. */
const STATE_LABELS: Record<ToolCall['state'], string> = {
  'input-streaming': 'Writing input',
  'input-available': 'Running',
  'output-available': 'Done',
  error: 'Failed',
};

/**
 * One tool call: its name and state, its input filling in as the model writes it (`useToolInput` reads the JSON
 * while it streams: "City: Os…"), then the tool's output, or why it failed. Memoised on the call, which keeps its
 * identity while it does not change: the card renders as its call changes, never for the answer's tokens.
 */
export const ToolCallCard = memo(function ToolCallCard({ call }: { call: ToolCall }) {
  const headingId = useId();
  const renders = useRenderCount();
  const { input, isComplete } = useToolInput(call);
  const layout = toolLayout(call.name, input, call.output);
  const writing = call.state === 'input-streaming';
  const running = call.state === 'input-available';
  return (
    <article className="tool-card" aria-labelledby={headingId} data-testid="tool-card" data-state={call.state}>
      <header className="tool-card-header">
        <h4 id={headingId}>
          Tool call: <code>{call.name}</code>
        </h4>
        <span className="tool-state" role="status" data-state={call.state} data-testid="tool-state">
          {STATE_LABELS[call.state]}
        </span>
        <RenderCount counter={renders} part="tool" />
      </header>
      <ToolFields
        fields={layout.input}
        value={input}
        isBusy={(field) => writing && !isComplete([field.key])}
        testId="tool-input"
      />
      <ToolFields fields={layout.output} value={call.output} isBusy={() => running} testId="tool-output" />
      {call.state === 'error' && (
        <p className="tool-error" role="alert" data-testid="tool-error">
          {call.errorText ?? 'The tool failed.'}
        </p>
      )}
    </article>
  );
});
