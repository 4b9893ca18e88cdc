/**
 * One page, five implementations, chosen by `?impl=`; the scenario (`n`, `rate`, `text`), the number of
 * concurrent `streams` and the `run` id come from the query too. Each stream is rendered by its own component as
 * `<p data-out={sid}>{text}</p>`, and every component registers a start function that the "go" button calls: the
 * same click starts every implementation's streams, with no extra render in between.
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
import { parseScenario, scenarioQuery } from '../scenario.js';
import probe, { countRender, markDone, observeOutputs, onCommit, startMeasuring } from './probe.js';

const params = new URLSearchParams(location.search);
const impl = params.get('impl') ?? 'tokenflow';
const streams = Number(params.get('streams') ?? 1);
const base = `/api/stream?${scenarioQuery(parseScenario(params))}&run=${params.get('run') ?? 'x'}`;
const api = (sid: string) => `${base}&sid=${sid}`;

const starters = new Map<string, () => void>();
/** Registers this output's start function, and marks it done once its final text is committed. */
function useBench(sid: string, text: string, finished: boolean, start: () => void): void {
  const previous = useRef<string | null>(null);
  countRender(previous, text);
  starters.set(sid, start);
  useEffect(() => {
    if (finished) markDone(streams);
  }, [finished]);
}

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
    // The store may publish the end a frame or more after the stream settles (its flushes are spaced), so neither
    // `end` nor a frame after it tells when the final text is written. `<StreamText>` drops `aria-busy` in the very
    // update that writes it.
    const output = document.querySelector(`[data-out="${sid}"]`) as HTMLElement;
    const ended = new MutationObserver(() => {
      if (output.hasAttribute('aria-busy')) return; // set when the stream starts
      ended.disconnect();
      markDone(streams);
    });
    ended.observe(output, { attributeFilter: ['aria-busy'] });
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
  const newText = useRef<HTMLSpanElement>(null);
  useBench(sid, text, text !== '', async () => {
    let out = '';
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
          if (live && chunk.type === 'text-delta' && !frameRequested) {
            frameRequested = true;
            requestAnimationFrame(showNewText);
          }
        }
        cut = buffer.indexOf('\n\n');
      }
    }
    setText(out);
  });
  return (
    <>
      {live && <span ref={newText} />}
      <p data-out={sid}>{text}</p>
    </>
  );
}

function Output({ sid }: { sid: string }) {
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
