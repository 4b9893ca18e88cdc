import { isStreamError, useEndStream, useStartStream } from '@tokenflow/streaming';
import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import type { ModelCatalog } from '../../api/_lib/live-models.js';
import { COMPARE_TEMPERATURES, type DemoSettings, type Run } from '../lib/settings.js';
import { useAnyRunning } from '../lib/use-any-running.js';
import { ParameterFields } from './ParameterFields.js';
import { Switch } from './Switch.js';

/** Props of {@link PromptForm}. */
export interface PromptFormProps {
  settings: DemoSettings;
  onChange: (patch: Partial<DemoSettings>) => void;
  catalog: ModelCatalog | undefined;
  /** The streams on the page, which Stop ends. */
  runs: readonly Run[];
  /** Receives the streams a Start began: their handles are all other components need. */
  onStarted: (runs: Run[]) => void;
  /** The port listener given to every stream. */
  port: MessagePort | undefined;
}

/** The prompt, the parameters and the switches; Start begins the streams, Stop aborts them. */
export function PromptForm({ settings, onChange, catalog, runs, onStarted, port }: PromptFormProps) {
  const id = useId();
  const start = useStartStream();
  const end = useEndStream();
  const running = useAnyRunning(runs.map((run) => run.handle));
  const [problem, setProblem] = useState<string>();

  const stopAll = () => {
    // Settled or released streams reject `end`; there is nothing left to stop for them.
    for (const run of runs) end(run.handle, { abort: true }).catch(() => {});
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // New streams replace the shown ones: stop those still running, so their connections close.
    stopAll();
    const model = settings.fault ? catalog?.faultModel : settings.model || undefined;
    const temperatures = settings.compare ? COMPARE_TEMPERATURES : [settings.temperature];
    try {
      const started = temperatures.map((temperature) => ({
        handle: start({
          prompt: settings.prompt,
          temperature,
          maxOutputTokens: Number(settings.maxOutputTokens),
          ...(model !== undefined && { model }),
          ...(port !== undefined && { onToken: port }),
        }),
        label: `Temperature ${temperature}${settings.fault ? ', faulty model' : ''}`,
        temperature,
      }));
      setProblem(undefined);
      onStarted(started);
    } catch (error) {
      if (!isStreamError(error)) throw error;
      setProblem(error.field ? `${error.field}: ${error.message}` : error.message);
    }
  };

  const onPromptKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };

  return (
    <form className="card prompt-form" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Ask</h2>
      <div className="field">
        <label htmlFor={`${id}-prompt`}>Prompt</label>
        <textarea
          id={`${id}-prompt`}
          rows={4}
          required
          value={settings.prompt}
          onChange={(event) => onChange({ prompt: event.target.value })}
          onKeyDown={onPromptKeyDown}
          aria-describedby={`${id}-prompt-hint`}
          data-testid="prompt"
        />
        <span id={`${id}-prompt-hint`} className="hint">
          Ctrl+Enter starts. Ask for "a long, detailed essay" for a long stream.
        </span>
      </div>

      <ParameterFields settings={settings} onChange={onChange} catalog={catalog} />

      <div className="switches">
        <Switch
          label="Compare temperatures"
          hint="Three streams at once, side by side"
          checked={settings.compare}
          onChange={(compare) => onChange({ compare })}
          testId="compare-switch"
        />
        <Switch
          label="Show token boundaries"
          hint="Each token on its own background"
          checked={settings.showBoundaries}
          onChange={(showBoundaries) => onChange({ showBoundaries })}
          testId="boundaries-switch"
        />
        <Switch
          label="Fault: fail mid-stream"
          hint="Uses a model that breaks after a few tokens"
          checked={settings.fault}
          onChange={(fault) => onChange({ fault })}
          disabled={catalog === undefined}
          testId="fault-switch"
        />
      </div>

      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}

      <div className="actions">
        <button type="submit" className="primary" data-testid="start-button">
          Start
        </button>
        <button type="button" onClick={stopAll} disabled={!running} data-testid="stop-button">
          Stop
        </button>
      </div>
    </form>
  );
}
