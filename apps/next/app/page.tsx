'use client';

import { type StreamHandle, StreamText, useEndStream, useStartStream, useTokens } from '@tokenflow/streaming';
import { type FormEvent, useState } from 'react';
import { type Choice, RadioGroup } from './_components/RadioGroup';
import { ReasoningPanel } from './_components/ReasoningPanel';
import { RecipeCard } from './_components/RecipeCard';
import { Stats } from './_components/Stats';
import { ToolCalls } from './_components/ToolCalls';
import { useTransportFor } from './use-transport-for';

const ROUTES = { node: '/api/stream', edge: '/api/edge/stream' } as const;
type Runtime = keyof typeof ROUTES;

const RUNTIMES: readonly Choice<Runtime>[] = [
  { value: 'node', label: `Node.js (${ROUTES.node})` },
  { value: 'edge', label: `Edge (${ROUTES.edge})` },
];

/** Text, or the route's `recipe` output: JSON of the recipe schema, shown as a card. */
type Answer = 'text' | 'recipe';
const ANSWERS: readonly Choice<Answer>[] = [
  { value: 'text', label: 'Text' },
  { value: 'recipe', label: 'Recipe (structured output)' },
];

export default function Page() {
  const [runtime, setRuntime] = useState<Runtime>('node');
  const [answer, setAnswer] = useState<Answer>('text');
  useTransportFor(ROUTES[runtime]);
  const start = useStartStream();
  const end = useEndStream();
  // The stream shown, and how its answer is read: a stream started as a recipe stays one when the choice changes.
  const [shown, setShown] = useState<{ handle: StreamHandle; answer: Answer } | null>(null);
  const handle = shown?.handle ?? null;
  const { isRunning } = useTokens(handle);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const prompt = new FormData(event.currentTarget).get('prompt');
    if (typeof prompt !== 'string' || !prompt.trim()) return;
    setShown({ handle: start(answer === 'recipe' ? { prompt, output: 'recipe' } : { prompt }), answer });
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
        <RadioGroup legend="Answer as" name="answer" options={ANSWERS} value={answer} onChange={setAnswer} />
        <div className="buttons">
          <button type="submit">Start</button>
          <button type="button" disabled={!isRunning} onClick={() => handle && void end(handle, { abort: true })}>
            Stop
          </button>
        </div>
      </form>
      <Stats handle={handle} />
      {/* Keyed by the handle: a new stream starts with its own panel, folded or not by its own reasoning. */}
      {handle && <ReasoningPanel key={handle} handle={handle} />}
      {handle && <ToolCalls handle={handle} />}
      {shown?.answer === 'recipe' ? (
        <RecipeCard key={shown.handle} handle={shown.handle} />
      ) : (
        <StreamText handle={handle} as="p" className="answer" data-testid="answer" />
      )}
    </main>
  );
}
