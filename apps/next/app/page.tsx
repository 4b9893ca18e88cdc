'use client';

import { useEndStream, useStartStream, useStreamHandles, useTokens } from '@tokenflow/streaming';
import { type FormEvent, useEffect, useState } from 'react';
import { type Choice, RadioGroup } from './_components/RadioGroup';
import { type ShownStream, StreamView } from './_components/StreamView';
import { useRuntimeTransport } from './runtime-transport';
import { keepStreamInfo, linkedStream, type Output, ROUTES, type Runtime, streamInfo } from './stream-info';

const RUNTIMES: readonly Choice<Runtime>[] = [
  { value: 'node', label: `Node.js (${ROUTES.node})` },
  { value: 'edge', label: `Edge (${ROUTES.edge})` },
];

const OUTPUTS: readonly Choice<Output>[] = [
  { value: 'text', label: 'Text' },
  { value: 'recipe', label: 'Recipe (structured output)' },
];

export default function Page() {
  const [runtime, setRuntime] = useState<Runtime>('node');
  const [output, setOutput] = useState<Output>('text');
  useRuntimeTransport(runtime);
  const start = useStartStream();
  const end = useEndStream();
  // The stream started here, or opened from another tab's link. A stream started as a recipe stays one when the
  // choice changes.
  const [started, setStarted] = useState<ShownStream | null>(null);
  // Until then, after a reload: the stream the store brought back (resumeOnReload), shown as it was.
  const resumed = useStreamHandles().at(-1);
  const resumedInfo = resumed && streamInfo(resumed);
  const shown: ShownStream | null =
    started ?? (resumed && resumedInfo ? { handle: resumed, ...resumedInfo, origin: 'resumed' } : null);
  const handle = shown?.handle ?? null;
  const { isRunning } = useTokens(handle);

  // After a reload, the choices start out as the resumed stream's, as they do for a linked one (below).
  useEffect(() => {
    const info = !started && resumed ? streamInfo(resumed) : undefined;
    if (!info) return;
    setRuntime(info.runtime);
    setOutput(info.output);
  }, [resumed, started]);

  // A page opened by "Open in another tab" (`?stream=<handle>&runtime=…`) shows that stream, read at its route,
  // and starts out with its choices.
  useEffect(() => {
    const linked = linkedStream(window.location.search);
    if (!linked) return;
    keepStreamInfo(linked.handle, linked);
    setStarted({ ...linked, origin: 'opened' });
    setRuntime(linked.runtime);
    setOutput(linked.output);
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const prompt = new FormData(event.currentTarget).get('prompt');
    if (typeof prompt !== 'string' || !prompt.trim()) return;
    const handle = start(output === 'recipe' ? { prompt, output } : { prompt });
    keepStreamInfo(handle, { runtime, output });
    setStarted({ handle, runtime, output, origin: 'started' });
  };

  return (
    <main>
      <h1>Tokenflow in Next.js</h1>
      <form onSubmit={onSubmit}>
        <label htmlFor="prompt">Prompt</label>
        <input
          id="prompt"
          name="prompt"
          defaultValue="Write two sentences about rivers."
          aria-describedby="prompt-hint"
        />
        <p id="prompt-hint" className="hint">
          Ask “What is the weather in Oslo?” to see a tool call, or choose the recipe answer for a structured output.
        </p>
        <RadioGroup legend="Route runtime" name="runtime" options={RUNTIMES} value={runtime} onChange={setRuntime} />
        <RadioGroup legend="Answer as" name="output" options={OUTPUTS} value={output} onChange={setOutput} />
        <div className="buttons">
          <button type="submit">Start</button>
          <button type="button" disabled={!isRunning} onClick={() => handle && void end(handle, { abort: true })}>
            Stop
          </button>
        </div>
      </form>
      {/* Keyed by the handle: a new stream starts with its own panels, folded or not by its own reasoning. */}
      <StreamView key={handle} stream={shown} />
    </main>
  );
}
