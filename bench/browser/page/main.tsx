/**
 * One page, seven implementations, chosen by `?impl=`; the scenario (`n`, `rate`, `text`, `reasoning`), the number
 * of concurrent `streams` and the `run` id come from the query too. Each stream is rendered by its own component as
 * `<p data-out={sid}>{text}</p>` (with reasoning, its reasoning too, in a panel: see reasoning.tsx), and every
 * component registers a start function that the "go" button calls: the same click starts every implementation's
 * streams, with no extra render in between.
 */
import { useChat, useCompletion } from '@ai-sdk/react';
import {
  httpTransport,
  type StreamHandle,
  StreamingProvider,
  StreamText,
  useStartStream,
  useStreamingStore,
  useTokens,
} from '@tokenflow/streaming';
import { DefaultChatTransport } from 'ai';
import { Profiler, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { FRAME_FLUSH_GAP_MS } from '../../../packages/streaming/src/core/scheduler.js';
import { reasoningOut } from '../scenario.js';
import { api, base, doneWhenShown, impl, scenario, starters, streams, useBench } from './bench.js';
import probe, { observeOutputs, onCommit, startMeasuring } from './probe.js';
import { Panel, ReasoningOutput } from './reasoning.js';

function TokenflowOut({ sid }: { sid: string }) {
  const start = useStartStream();
  const [handle, setHandle] = useState<StreamHandle | null>(null);
  const { text, status } = useTokens(handle);
  // The stream id travels as a header: Tokenflow's transport has one URL for all streams of a provider.
  useBench(sid, text, status === 'done', () => setHandle(start({ prompt: 'go', headers: { 'x-sid': sid } })));
  return <p data-out={sid}>{text}</p>;
}

/** Tokenflow's fast path: `<StreamText>` appends to the DOM without re-rendering; done once its final text is in. */
function TokenflowTextOut({ sid }: { sid: string }) {
  const start = useStartStream();
  const store = useStreamingStore();
  const [handle, setHandle] = useState<StreamHandle | null>(null);
  useBench(sid, handle ?? '', false, () => {
    doneWhenShown(document.querySelector(`[data-out="${sid}"]`) as HTMLElement);
    const started = start({ prompt: 'go', headers: { 'x-sid': sid } });
    setHandle(started);
    void store.end(started); // as an app ends its streams
  });
  return <StreamText handle={handle} as="p" data-out={sid} />;
}

function ChatOut({ sid, throttle }: { sid: string; throttle?: number }) {
  const transport = useMemo(() => new DefaultChatTransport({ api: api(sid) }), [sid]);
  const { messages, sendMessage, status } = useChat(throttle === undefined ? { transport } : { transport, throttle });
  const last = messages.at(-1);
  const text =
    last?.role === 'assistant' ? last.parts.map((part) => (part.type === 'text' ? part.text : '')).join('') : '';
  useBench(sid, text, text !== '' && status === 'ready', () => void sendMessage({ text: 'go' }));
  return <p data-out={sid}>{text}</p>;
}

function CompletionOut({ sid }: { sid: string }) {
  const { completion, complete, isLoading } = useCompletion({ api: api(sid) });
  useBench(sid, completion, completion !== '' && !isLoading, () => void complete('go'));
  return <p data-out={sid}>{completion}</p>;
}

/**
 * The floor: fetch, read, parse the minimum, and set state once at the end. No renderer can cost less.
 * With `live`, the text floor: the same, plus the text received since the previous update shown on its own, at the
 * cadence Tokenflow uses (at most every FRAME_FLUSH_GAP_MS, on a frame). Every renderer that shows text as it
 * arrives must at least lay out and paint those new characters that often (the 50 ms lag target allows no fewer
 * updates); this one keeps none of the earlier text, so no such renderer can cost less.
 */
function FloorOut({ sid, live = false }: { sid: string; live?: boolean }) {
  const [text, setText] = useState('');
  // The reasoning scenario's reasoning, shown at the end too, in the same panel as the other implementations'.
  const [reasoning, setReasoning] = useState('');
  const newText = useRef<HTMLSpanElement>(null);
  useBench(sid, text, text !== '', async () => {
    let out = '';
    let thought = '';
    let shownLength = 0;
    let lastShown = Number.NEGATIVE_INFINITY;
    let frameRequested = false;
    const showNewText = (frameTime: number) => {
      frameRequested = false;
      if (frameTime - lastShown < FRAME_FLUSH_GAP_MS) {
        frameRequested = true;
        requestAnimationFrame(showNewText);
        return;
      }
      lastShown = frameTime;
      if (newText.current) newText.current.textContent = out.slice(shownLength);
      shownLength = out.length;
    };
    const response = await fetch(api(sid), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'go' }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (event.startsWith('data: {')) {
          const chunk = JSON.parse(event.slice(6)) as { type: string; delta?: string };
          if (chunk.type === 'text-delta') out += chunk.delta;
          if (chunk.type === 'reasoning-delta') thought += chunk.delta;
          if (live && chunk.type === 'text-delta' && !frameRequested) {
            frameRequested = true;
            requestAnimationFrame(showNewText);
          }
        }
        cut = buffer.indexOf('\n\n');
      }
    }
    setReasoning(thought);
    setText(out);
  });
  return (
    <>
      {live && <span ref={newText} />}
      {scenario.reasoning ? (
        <Panel>
          <p data-out={reasoningOut(sid)}>{reasoning}</p>
        </Panel>
      ) : null}
      <p data-out={sid}>{text}</p>
    </>
  );
}

function Output({ sid }: { sid: string }) {
  if (scenario.reasoning && impl !== 'floor') return <ReasoningOutput sid={sid} />;
  if (impl === 'tokenflow') return <TokenflowOut sid={sid} />;
  if (impl === 'tokenflow-text') return <TokenflowTextOut sid={sid} />;
  if (impl === 'usechat') return <ChatOut sid={sid} />;
  if (impl === 'usechat-t50') return <ChatOut sid={sid} throttle={50} />;
  if (impl === 'usecompletion') return <CompletionOut sid={sid} />;
  if (impl === 'floor-text') return <FloorOut sid={sid} live />;
  return <FloorOut sid={sid} />;
}

function App() {
  const sids = Array.from({ length: streams }, (_, i) => String(i));
  useEffect(() => {
    probe.ready = true;
  }, []);
  return (
    <Profiler id="bench" onRender={onCommit}>
      <button id="go" type="button" onClick={go}>
        go
      </button>
      {sids.map((sid) => (
        <Output key={sid} sid={sid} />
      ))}
    </Profiler>
  );
}

function go(): void {
  startMeasuring();
  for (const start of starters.values()) start();
}
probe.go = go;

const root = document.getElementById('root') as HTMLElement;
observeOutputs(root);
const app = <App />;
// Made once, outside React: the provider's props stay stable.
const transport = httpTransport({ api: base });
createRoot(root).render(
  impl.startsWith('tokenflow') ? <StreamingProvider transport={transport}>{app}</StreamingProvider> : app,
);
