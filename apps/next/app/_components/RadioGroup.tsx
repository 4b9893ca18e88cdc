'use client';

/** One radio of a {@link RadioGroup}: the value it stands for, and its label. */
export interface Choice<Value extends string> {
  value: Value;
  label: string;
}

/** Props of {@link RadioGroup}. */
export interface RadioGroupProps<Value extends string> {
  legend: string;
  /** The form field's name, shared by the group's radios. */
  name: string;
  options: readonly Choice<Value>[];
  value: Value;
  onChange(value: NoInfer<Value>): void;
}

/** A labelled set of radio buttons: one choice among a few, in a fieldset whose legend names it. */
export function RadioGroup<Value extends string>({ legend, name, options, value, onChange }: RadioGroupProps<Value>) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
