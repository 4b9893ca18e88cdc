import { useId } from 'react';
import type { ModelCatalog } from '../../api/_lib/live-models.js';
import { type DemoSettings, MAX_OUTPUT_TOKENS } from '../lib/settings.js';

/** Props of {@link ParameterFields}. */
export interface ParameterFieldsProps {
  settings: DemoSettings;
  onChange: (patch: Partial<DemoSettings>) => void;
  catalog: ModelCatalog | undefined;
}

/** The model parameters: model, temperature, max output tokens, and how many tokens the store keeps. */
export function ParameterFields({ settings, onChange, catalog }: ParameterFieldsProps) {
  const id = useId();
  const temperatureFixed = settings.compare;
  return (
    <fieldset className="parameters">
      <legend>Model parameters</legend>
      <div className="field">
        <label htmlFor={`${id}-model`}>Model</label>
        <select
          id={`${id}-model`}
          value={settings.fault ? (catalog?.faultModel ?? '') : settings.model || (catalog?.defaultModel ?? '')}
          onChange={(event) => onChange({ model: event.target.value })}
          disabled={catalog === undefined || settings.fault}
          aria-describedby={`${id}-model-hint`}
          data-testid="model-select"
        >
          {catalog === undefined && <option value="">Loading…</option>}
          {catalog?.models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.label}
            </option>
          ))}
          {settings.fault && catalog && <option value={catalog.faultModel}>Simulated, faulty</option>}
        </select>
        <span id={`${id}-model-hint`} className="hint">
          {settings.fault
            ? 'The fault switch picks the faulty model.'
            : catalog?.models.find((model) => model.id === (settings.model || catalog.defaultModel))?.description}
        </span>
      </div>

      <div className="field">
        <label htmlFor={`${id}-temperature`}>
          Temperature{' '}
          <output htmlFor={`${id}-temperature`}>
            {temperatureFixed ? '0 · 0.7 · 1.4' : settings.temperature.toFixed(1)}
          </output>
        </label>
        <input
          id={`${id}-temperature`}
          type="range"
          min={0}
          max={2}
          step={0.1}
          value={settings.temperature}
          disabled={temperatureFixed}
          onChange={(event) => onChange({ temperature: Number(event.target.value) })}
          aria-describedby={temperatureFixed ? `${id}-temperature-hint` : undefined}
        />
        {temperatureFixed && (
          <span id={`${id}-temperature-hint`} className="hint">
            Compare mode runs three temperatures.
          </span>
        )}
      </div>

      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-max-tokens`}>Max output tokens</label>
          <input
            id={`${id}-max-tokens`}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_OUTPUT_TOKENS}
            step={1}
            required
            value={settings.maxOutputTokens}
            onChange={(event) => onChange({ maxOutputTokens: event.target.value })}
            data-testid="max-output-tokens"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-seed`}>Seed</label>
          <input
            id={`${id}-seed`}
            type="number"
            inputMode="numeric"
            step={1}
            placeholder="none"
            value={settings.seed}
            onChange={(event) => onChange({ seed: event.target.value })}
            aria-describedby={`${id}-seed-hint`}
            data-testid="seed"
          />
        </div>
      </div>
      <span id={`${id}-seed-hint`} className="hint">
        The same seed repeats an answer; temperature 0 always does.
      </span>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-buffer`}>Buffer size</label>
          <input
            id={`${id}-buffer`}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            placeholder="unbounded"
            value={settings.bufferSize}
            onChange={(event) => onChange({ bufferSize: event.target.value })}
            aria-describedby={`${id}-buffer-hint`}
            data-testid="buffer-size"
          />
        </div>
      </div>
      <span id={`${id}-buffer-hint`} className="hint">
        Tokens each stream keeps (empty: all). Listeners still get every token.
      </span>
    </fieldset>
  );
}
