import { fieldText, type ToolField } from '../lib/tool-fields.js';

/** Props of {@link ToolFields}. */
export interface ToolFieldsProps {
  fields: readonly ToolField[];
  /** The input or output so far (undefined before any). */
  value: unknown;
  /** Whether a line's value is still coming: it shows what it has with a caret, and is busy for screen readers. */
  isBusy: (field: ToolField) => boolean;
  testId: string;
}

/** A tool call's input or output as lines of label and value; a line without a value yet shows a dash. */
export function ToolFields({ fields, value, isBusy, testId }: ToolFieldsProps) {
  return (
    <dl className="tool-fields" data-testid={testId}>
      {fields.map((field) => {
        const busy = isBusy(field);
        const text = fieldText(value, field);
        return (
          <div key={field.key}>
            <dt>{field.label}</dt>
            <dd className="live-field" aria-busy={busy} data-testid={`${testId}-${field.key}`}>
              {text ?? (busy ? '' : '—')}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
