import { type ReactNode, useId } from 'react';

/** Props of {@link Switch}. */
export interface SwitchProps {
  label: ReactNode;
  /** A line under the label, also announced as the switch's description. */
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  testId?: string;
}

/** An on/off switch: a native checkbox (keyboard and forms for free) with the switch role and look. */
export function Switch({ label, hint, checked, onChange, disabled = false, testId }: SwitchProps) {
  const hintId = useId();
  return (
    <label className="switch">
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        aria-checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hint ? hintId : undefined}
        data-testid={testId}
      />
      <span className="switch-track" aria-hidden="true" />
      <span className="switch-text">
        <span>{label}</span>
        {hint && (
          <span id={hintId} className="hint">
            {hint}
          </span>
        )}
      </span>
    </label>
  );
}
