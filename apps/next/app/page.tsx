'use client';

import { type StreamHandle, StreamText, useEndStream, useStartStream, useTokens } from '@tokenflow/streaming';
import { type FormEvent, useState } from 'react';
import { useTransportFor } from './use-transport-for';

const ROUTES = { node: '/api/stream', edge: '/api/edge/stream' } as const;
type Runtime = keyof typeof ROUTES;

/** Status, token count and usage of the stream: re-renders at most once per frame, only for this handle. */
function Stats({ handle }: { handle: StreamHandle | null }) {
  const { status, tokenCount, usage, error } = useTokens(handle);
  return (
    <p className="stats">
      <span data-testid="status">{status}</span> · <span data-testid="tokens">{tokenCount}</span> tokens
      {usage?.totalTokens !== undefined && ` · ${usage.totalTokens} in all`}
      {/* A stop is no failure: its reason (who stopped it) is shown, not announced as an alert. */}
      {error && (
        <span role={status === 'aborted' ? undefined : 'alert'} data-testid="error">
          {' '}
          · {error.message}
        </span>
      )}
    </p>
  );
}

export default function Page() {
  const [runtime, setRuntime] = useState<Runtime>('node');
  useTransportFor(ROUTES[runtime]);
  const start = useStartStream();
  const end = useEndStream();
  const [handle, setHandle] = useState<StreamHandle | null>(null);
  const { isRunning } = useTokens(handle);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const prompt = new FormData(event.currentTarget).get('prompt');
    if (typeof prompt === 'string' && prompt.trim()) setHandle(start({ prompt }));
  };

  return (
    <main>
      <h1>Tokenflow in Next.js</h1>
      <form onSubmit={onSubmit}>
        <label htmlFor="prompt">Prompt</label>
        <input id="prompt" name="prompt" defaultValue="Write two sentences about rivers." />
        <fieldset>
          <legend>Route runtime</legend>
          {(Object.keys(ROUTES) as Runtime[]).map((name) => (
            <label key={name}>
              <input
                type="radio"
                name="runtime"
                value={name}
                checked={runtime === name}
                onChange={() => setRuntime(name)}
              />
              {name === 'node' ? 'Node.js' : 'Edge'} ({ROUTES[name]})
            </label>
          ))}
        </fieldset>
        <button type="submit">Start</button>
        <button type="button" disabled={!isRunning} onClick={() => handle && void end(handle, { abort: true })}>
          Stop
        </button>
      </form>
      <Stats handle={handle} />
      <StreamText handle={handle} as="p" className="answer" data-testid="answer" />
    </main>
  );
}
