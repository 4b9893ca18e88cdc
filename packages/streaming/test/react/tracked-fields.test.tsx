// @vitest-environment jsdom

import { act, render } from '@testing-library/react';
import { createStreamingStore, type StreamHandle, StreamingProvider, useTokens } from '@tokenflow/streaming';
import { memo } from 'react';
import { describe, expect, test } from 'vitest';
import { manualTransport } from '../support/manual-transport.js';

/** Counts renders per component name. */
function renderCounter() {
  const renders: Record<string, number> = {};
  const count = (name: string) => {
    renders[name] = (renders[name] ?? 0) + 1;
  };
  return { renders, count };
}

/** A store with one stream started (every view published at once), and a render counter. */
function startedStream() {
  const { transport, streams } = manualTransport();
  const store = createStreamingStore({ transport, throttle: false });
  let handle = '' as StreamHandle;
  act(() => {
    handle = store.start({ prompt: 'Hi' });
  });
  return { store, handle, stream: streams[0] as NonNullable<(typeof streams)[0]>, ...renderCounter() };
}

describe('useTokens renders a component only for the fields it read', () => {
  test('text, reasoning and tool calls: each reader renders for its own part only', () => {
    const { store, stream, handle, renders, count } = startedStream();
    function Answer() {
      count('answer');
      return <p>{useTokens(handle).text}</p>;
    }
    function Thinking() {
      count('thinking');
      return <p>{useTokens(handle).reasoning}</p>;
    }
    function Tools() {
      count('tools');
      return <p>{useTokens(handle).toolCalls.length}</p>;
    }
    function Everything() {
      count('everything');
      const { text, reasoning, toolCalls } = useTokens(handle);
      return <p>{`${text}${reasoning}${toolCalls.length}`}</p>;
    }
    render(
      <StreamingProvider store={store}>
        <Answer />
        <Thinking />
        <Tools />
        <Everything />
      </StreamingProvider>,
    );
    const after = (act_: () => void) => {
      const before = { ...renders };
      act(act_);
      return Object.fromEntries(Object.entries(renders).map(([name, n]) => [name, n - (before[name] ?? 0)]));
    };
    expect(after(() => stream.reasoning('Let me think'))).toEqual({ answer: 0, thinking: 1, tools: 0, everything: 1 });
    expect(after(() => stream.tokens('Hello'))).toEqual({ answer: 1, thinking: 0, tools: 0, everything: 1 });
    expect(after(() => stream.parts({ type: 'tool-input-start', toolCallId: 'c', toolName: 'weather' }))).toEqual({
      answer: 0,
      thinking: 0,
      tools: 1,
      everything: 1,
    });
  });

  test('a tool call that did not change keeps its identity, so a memoised card of it does not render', () => {
    const { store, stream, handle, renders, count } = startedStream();
    const Card = memo(function Card({ call }: { call: { id: string; inputText: string } }) {
      count(call.id);
      return <p>{call.inputText}</p>;
    });
    function Cards() {
      return useTokens(handle).toolCalls.map((call) => <Card key={call.id} call={call} />);
    }
    render(
      <StreamingProvider store={store}>
        <Cards />
      </StreamingProvider>,
    );
    act(() =>
      stream.parts(
        { type: 'tool-input-start', toolCallId: 'a', toolName: 'weather' },
        { type: 'tool-input-start', toolCallId: 'b', toolName: 'clock' },
      ),
    );
    const before = { ...renders };
    act(() => stream.parts({ type: 'tool-input-delta', toolCallId: 'b', inputTextDelta: '{}' }));
    expect({ a: (renders.a ?? 0) - (before.a ?? 0), b: (renders.b ?? 0) - (before.b ?? 0) }).toEqual({ a: 0, b: 1 });
  });
});
