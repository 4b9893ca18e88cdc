'use client';

import { type ToolCall, useToolInput } from '@tokenflow/streaming';
import { memo, useId } from 'react';

/** What each state of a call means to the reader. */
const STATE_TEXT: Record<ToolCall['state'], string> = {
  'input-streaming': 'Writing the input…',
  'input-available': 'Running…',
  'output-available': 'Done',
  error: 'Failed',
};

/** How the weather tool's fields read; any other field shows under its own name. */
const FIELD_TEXT: Record<string, { label: string; unit?: string }> = {
  city: { label: 'City' },
  temperatureC: { label: 'Temperature', unit: '°C' },
  sky: { label: 'Sky' },
  windKph: { label: 'Wind', unit: 'km/h' },
};

interface FieldsProps {
  title: string;
  value: unknown;
  /** Whether the field named is still being written. */
  writing?: (key: string) => boolean;
  testId: string;
}

/** An object's fields as a list of terms and values, under a title. */
function Fields({ title, value, writing, testId }: FieldsProps) {
  const entries = value !== null && typeof value === 'object' ? Object.entries(value) : [];
  return (
    <div className="tool-fields">
      <h3>{title}</h3>
      <dl data-testid={testId}>
        {entries.map(([key, field]) => (
          <div key={key}>
            <dt>{FIELD_TEXT[key]?.label ?? key}</dt>
            <dd aria-busy={writing?.(key) ?? false} data-testid={`${testId}-${key}`}>
              {typeof field === 'object' ? JSON.stringify(field) : String(field)}
              {FIELD_TEXT[key]?.unit && ` ${FIELD_TEXT[key].unit}`}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/**
 * One tool call: its name and state, its input as the model writes it (`useToolInput` reads the JSON while it
 * streams: "Osl", then "Oslo"), then what the tool answered, or why it failed. Memoised: a call that did not change
 * keeps its identity, so the card renders only when its own call does.
 */
export const ToolCallCard = memo(function ToolCallCard({ call }: { call: ToolCall }) {
  const headingId = useId();
  const { input, isComplete } = useToolInput(call);
  const running = call.state === 'input-streaming' || call.state === 'input-available';
  return (
    <article
      className="tool-card"
      aria-labelledby={headingId}
      aria-busy={running}
      data-testid="tool-card"
      data-state={call.state}
    >
      <header>
        <h2 id={headingId}>
          Tool call: <code>{call.name}</code>
        </h2>
        <span className="tool-state" role="status" data-testid="tool-state">
          {STATE_TEXT[call.state]}
        </span>
      </header>
      <Fields
        title="Input"
        value={input}
        writing={(key) => call.state === 'input-streaming' && !isComplete([key])}
        testId="tool-input"
      />
      {call.state === 'output-available' && <Fields title="Output" value={call.output} testId="tool-output" />}
      {call.state === 'error' && (
        <p role="alert" data-testid="tool-error">
          {call.errorText ?? 'The tool failed.'}
        </p>
      )}
    </article>
  );
});
