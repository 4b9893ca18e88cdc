/**
 * The reasoning scenario's outputs: a reasoning model's answer shown as a chat shows it, its reasoning in a panel
 * (`<p data-out="r{sid}">` inside a `<details>`) and its text below (`<p data-out="{sid}">`). Each component notes
 * its renders under its role (`reasoning`, `text`, and for useChat `chat`, the component that holds the hook and maps
 * the message's parts), so the runner can tell which of them rendered while the model was only thinking.
 */
import { useChat } from '@ai-sdk/react';
import { type StreamHandle, StreamText, useStartStream, useStreamingStore, useTokens } from '@tokenflow/streaming';
import { DefaultChatTransport } from 'ai';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { reasoningOut } from '../scenario.js';
import { api, doneWhenShown, impl, streams, useStart } from './bench.js';
import { countComponentRender, countRender, markDone } from './probe.js';

/** The same panel for every implementation: open, so its text is laid out and painted as it streams. */
export function Panel({ children }: { children: ReactNode }) {
  return (
    <details open>
      <summary>Thinking</summary>
      {children}
    </details>
  );
}

/** Counts a render of component `role` of an output (and the output's idle renders, by the text it shows). */
function useRenderCount(role: string, text: string): void {
  const previous = useRef<string | null>(null);
  countComponentRender(role);
  countRender(previous, text);
}

/**
 * Tokenflow: the reasoning through `<StreamText part="reasoning">` (no React render per update), the text through
 * `useTokens(handle).text` (`tokenflow`) or `<StreamText>` (`tokenflow-text`). The parent renders once, when the
 * stream starts.
 */
function TokenflowOut({ sid }: { sid: string }) {
  const start = useStartStream();
  const store = useStreamingStore();
  const [handle, setHandle] = useState<StreamHandle | null>(null);
  const viaStreamText = impl === 'tokenflow-text';
  useStart(sid, () => {
    if (viaStreamText) doneWhenShown(document.querySelector(`[data-out="${sid}"]`) as HTMLElement);
    const started = start({ prompt: 'go', headers: { 'x-sid': sid } });
    setHandle(started);
    void store.end(started); // as an app ends its streams
  });
  return (
    <>
      <TokenflowReasoning sid={sid} handle={handle} />
      {viaStreamText ? <StreamTextAnswer sid={sid} handle={handle} /> : <TokensAnswer sid={sid} handle={handle} />}
    </>
  );
}

function TokenflowReasoning({ sid, handle }: { sid: string; handle: StreamHandle | null }) {
  useRenderCount('reasoning', handle ?? '');
  return (
    <Panel>
      <StreamText handle={handle} part="reasoning" as="p" data-out={reasoningOut(sid)} />
    </Panel>
  );
}

/** Reads `text` and `isRunning` only: no render for reasoning tokens (the view tracks the fields read). */
function TokensAnswer({ sid, handle }: { sid: string; handle: StreamHandle | null }) {
  const { text, isRunning } = useTokens(handle);
  useRenderCount('text', text);
  const finished = handle !== null && !isRunning && text !== '';
  useEffect(() => {
    if (finished) markDone(streams);
  }, [finished]);
  return <p data-out={sid}>{text}</p>;
}

function StreamTextAnswer({ sid, handle }: { sid: string; handle: StreamHandle | null }) {
  useRenderCount('text', handle ?? '');
  return <StreamText handle={handle} as="p" data-out={sid} />;
}

/**
 * useChat, throttle 50, rendered the way its docs render a message: map over `message.parts`, a reasoning part to
 * the panel, a text part to a paragraph (no memo: each throttled update renders every part).
 */
function ChatOut({ sid }: { sid: string }) {
  const transport = useMemo(() => new DefaultChatTransport({ api: api(sid) }), [sid]);
  const { messages, sendMessage, status } = useChat({ transport, throttle: 50 });
  countComponentRender('chat');
  const last = messages.at(-1);
  const parts = last?.role === 'assistant' ? last.parts : [];
  const text = parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
  useStart(sid, () => void sendMessage({ text: 'go' }));
  const finished = text !== '' && status === 'ready';
  useEffect(() => {
    if (finished) markDone(streams);
  }, [finished]);
  return parts.map((part, i) => {
    // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id of their own; their order never changes.
    if (part.type === 'reasoning') return <ChatReasoning key={i} sid={sid} text={part.text} />;
    // biome-ignore lint/suspicious/noArrayIndexKey: as above.
    if (part.type === 'text') return <ChatText key={i} sid={sid} text={part.text} />;
    return null;
  });
}

function ChatReasoning({ sid, text }: { sid: string; text: string }) {
  useRenderCount('reasoning', text);
  return (
    <Panel>
      <p data-out={reasoningOut(sid)}>{text}</p>
    </Panel>
  );
}

function ChatText({ sid, text }: { sid: string; text: string }) {
  useRenderCount('text', text);
  return <p data-out={sid}>{text}</p>;
}

export function ReasoningOutput({ sid }: { sid: string }) {
  if (impl === 'usechat-t50') return <ChatOut sid={sid} />;
  return <TokenflowOut sid={sid} />;
}
