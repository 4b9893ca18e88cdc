import { isStreamError, useEndStream, useStartStream } from '@tokenflow/streaming';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { ModelCatalog } from '../../api/_lib/live-models.js';
import { rememberOutput } from '../lib/run-outputs.js';
import { COMPARE_TEMPERATURES, type DemoSettings, parseSeed, type Run } from '../lib/settings.js';
import { promptProblem, type StartProblem, startProblem } from '../lib/start-problem.js';
import { useAnyRunning } from '../lib/use-any-running.js';
import { ExamplePrompts, type PickExample } from './ExamplePrompts.js';
import { FormSwitches } from './FormSwitches.js';
import { ParameterFields } from './ParameterFields.js';

/** Props of {@link PromptForm}. */
export interface PromptFormProps {
  settings: DemoSettings;
  onChange: (patch: Partial<DemoSettings>) => void;
  catalog: ModelCatalog | undefined;
  /** The streams on the page, which Stop ends. */
  runs: readonly Run[];
  /** Receives the streams a Start began: their handles are all other components need. */
  onStarted: (runs: Run[]) => void;
  /** Cuts the page's open connections, as a network drop would (the streams reconnect and go on). */
  onDropConnection: () => void;
  /** The port listener given to every stream. */
  port: MessagePort | undefined;
}

/**
 * The prompt, the parameters and the switches; Start begins the streams, Stop (or Escape) aborts them. A Start
 * that is refused changes nothing on the page but the message saying what to fix.
 */
export function PromptForm({ settings, onChange, catalog, runs, onStarted, onDropConnection, port }: PromptFormProps) {
  const id = useId();
  const start = useStartStream();
  const end = useEndStream();
  const running = useAnyRunning(runs.map((run) => run.handle));
  const [problem, setProblem] = useState<StartProblem>();
  const startButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);

  const abort = (stopped: readonly Run[]) => {
    // Settled or released streams reject `end`; there is nothing left to stop for them.
    for (const run of stopped) end(run.handle, { abort: true }).catch(() => {});
  };
  // Stop disables itself, which would drop the focus to the page: it goes to Start, the next thing to press.
  const stopAll = () => {
    abort(runs);
    startButton.current?.focus();
  };
  // Escape leaves the focus where it is (typing in the prompt goes on), unless it was on Stop or nowhere.
  const stopByKey = () => {
    const focused = document.activeElement;
    abort(runs);
    if (focused === null || focused === document.body || focused === stopButton.current) startButton.current?.focus();
  };

  // Escape stops, wherever the focus is. The latest runs are read at the key press.
  const stopOnEscape = useRef(stopByKey);
  stopOnEscape.current = running ? stopByKey : () => {};
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) stopOnEscape.current();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  /** Starts every stream the settings ask for, or none: a refusal aborts the ones already started. */
  const startAll = (): Run[] => {
    const model = settings.fault ? catalog?.faultModel : settings.model || undefined;
    const temperatures = settings.compare ? COMPARE_TEMPERATURES : [settings.temperature];
    const seed = parseSeed(settings.seed);
    const output = settings.recipe ? 'recipe' : undefined;
    const started: Run[] = [];
    try {
      for (const temperature of temperatures) {
        const handle = start({
          prompt: settings.prompt,
          temperature,
          maxOutputTokens: Number(settings.maxOutputTokens),
          ...(seed !== undefined && { seed }),
          ...(model !== undefined && { model }),
          ...(output !== undefined && { output }),
          ...(port !== undefined && { onToken: port }),
        });
        if (output !== undefined) rememberOutput(handle, output);
        started.push({
          handle,
          label: `Temperature ${temperature}${settings.fault ? ', faulty model' : ''}`,
          ...(output !== undefined && { output }),
        });
      }
      return started;
    } catch (error) {
      abort(started);
      throw error;
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const empty = promptProblem(settings.prompt);
    if (empty !== undefined) {
      setProblem(empty);
      return;
    }
    let started: Run[];
    try {
      started = startAll();
    } catch (error) {
      if (!isStreamError(error)) throw error;
      setProblem(startProblem(error.field, error.message));
      return;
    }
    // The new streams replace the shown ones: only now are those still running stopped, so their connections close.
    abort(runs);
    setProblem(undefined);
    onStarted(started);
  };

  const setPrompt = (prompt: string) => {
    onChange({ prompt });
    if (problem?.field === 'prompt') setProblem(undefined);
  };
  // An example is a whole question: its prompt, and the recipe switch as it needs it (on for the recipe only).
  const pickExample: PickExample = (prompt, output) => {
    setPrompt(prompt);
    onChange({ recipe: output === 'recipe' });
  };
  const promptInvalid = problem?.field === 'prompt';

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
          rows={3}
          required
          value={settings.prompt}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={onPromptKeyDown}
          aria-invalid={promptInvalid}
          aria-describedby={promptInvalid ? `${id}-prompt-problem` : `${id}-prompt-hint`}
          data-testid="prompt"
        />
        {/* One place for the hint or the problem, sized for either, so nothing below moves when it changes. */}
        <div className="field-note">
          {promptInvalid ? (
            <span id={`${id}-prompt-problem`} className="field-problem" role="alert" data-testid="prompt-problem">
              {problem.message}
            </span>
          ) : (
            <span id={`${id}-prompt-hint`} className="hint">
              Ctrl+Enter starts, Escape stops.
            </span>
          )}
        </div>
        <ExamplePrompts onPick={pickExample} />
      </div>

      <div className="actions">
        <button type="submit" className="primary" ref={startButton} data-testid="start-button">
          Start
        </button>
        <button type="button" onClick={stopAll} disabled={!running} ref={stopButton} data-testid="stop-button">
          Stop
        </button>
        <button
          type="button"
          onClick={onDropConnection}
          disabled={!running}
          title="Cuts the connection mid-stream, as a network drop would: the stream reconnects and goes on, every token once."
          data-testid="drop-button"
        >
          Drop connection
        </button>
      </div>

      {/* Below the buttons, so they stay where the pointer is. Problems with the prompt show under it. */}
      {problem && !promptInvalid && (
        <p className="form-problem" role="alert">
          {problem.message}
        </p>
      )}

      <ParameterFields settings={settings} onChange={onChange} catalog={catalog} />

      <FormSwitches settings={settings} onChange={onChange} catalog={catalog} />
    </form>
  );
}
