// @vitest-environment jsdom

import { act, render, screen } from '@testing-library/react';
import { createStreamingStore, type StreamHandle, StreamingProvider, StreamText } from '@tokenflow/streaming';
import { Profiler } from 'react';
import { describe, expect, test } from 'vitest';
import { manualTransport, settle } from '../support/manual-transport.js';
import { frameClockPerTest } from './frame-clock.js';

// jsdom lays nothing out, so no line is ever cut here: the cuts and their pixels are tested in Chromium
// (test/e2e/growing-text.e2e.test.ts). These tests prove what the component shows, and that React stays out of it.

const frames = frameClockPerTest();

function setup(options: { bufferSize?: number; releaseAfterMs?: number } = {}) {
  const { transport, streams } = manualTransport();
  const store = createStreamingStore({ transport, ...options });
  const commits: string[] = [];
  const show = (handle: StreamHandle | null, part?: 'reasoning') => (
    <StreamingProvider store={store}>
      <Profiler id="text" onRender={(_, phase) => commits.push(phase)}>
        <StreamText handle={handle} part={part} as="p" data-testid="out" className="answer" />
      </Profiler>
    </StreamingProvider>
  );
  return { store, streams, commits, show };
}

describe('StreamText', () => {
  test('shows each frame’s new text without a single React render', async () => {
    const { store, streams, commits, show } = setup();
    const handle = store.start({ prompt: 'Hi' });
    render(show(handle));
    const out = screen.getByTestId('out');
    expect(out.tagName).toBe('P');
    expect(out.className).toBe('answer');
    expect(out.getAttribute('aria-busy')).toBe('true');

    act(() => streams[0]?.tokens('Hello', ','));
    expect(out.textContent).toBe('Hello'); // the first token at once, the next at a frame
    act(() => frames.clock.frames(2));
    expect(out.textContent).toBe('Hello,');
    act(() => streams[0]?.tokens(' world'));
    act(() => frames.clock.frames(2));
    expect(out.textContent).toBe('Hello, world');

    await act(async () => {
      streams[0]?.finish();
      await settle();
    });
    act(() => frames.clock.frames(2));
    expect(out.getAttribute('aria-busy')).toBeNull();
    expect(commits).toEqual(['mount']);
  });

  test('stays aria-busy until the last step of a long burst is shown, after the stream ended', async () => {
    const { store, streams, show } = setup();
    const handle = store.start({ prompt: 'Hi' });
    render(show(handle));
    const out = screen.getByTestId('out');
    const burst = 'word '.repeat(8_000); // 40,000 characters: laid out in steps, one per frame
    await act(async () => {
      streams[0]?.tokens(burst);
      streams[0]?.finish();
      await settle();
    });
    act(() => frames.clock.frames(2));
    expect(store.getView(handle).status).toBe('done');
    expect(out.textContent?.length).toBeLessThan(burst.length);
    expect(out.getAttribute('aria-busy')).toBe('true');
    act(() => frames.clock.frames(10));
    expect(out.textContent).toBe(burst);
    expect(out.getAttribute('aria-busy')).toBeNull();
  });

  test('a component mounted mid-stream shows what came before it', () => {
    const { store, streams, show } = setup();
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('early ', 'tokens ');
    render(show(handle));
    expect(screen.getByTestId('out').textContent).toBe('early tokens ');
  });

  test('a bounded buffer shows the window it keeps, not everything ever streamed', () => {
    const { store, streams, show } = setup({ bufferSize: 3 });
    const handle = store.start({ prompt: 'Hi' });
    render(show(handle));
    act(() => streams[0]?.tokens('a', 'b', 'c', 'd', 'e'));
    act(() => frames.clock.frames(2));
    expect(screen.getByTestId('out').textContent).toBe('cde');
    act(() => streams[0]?.tokens('f'));
    act(() => frames.clock.frames(2));
    expect(screen.getByTestId('out').textContent).toBe('def');
  });

  test('another handle shows the other stream; null shows nothing', () => {
    const { store, streams, show } = setup();
    const [first, second] = [store.start({ prompt: 'A' }), store.start({ prompt: 'B' })];
    streams[0]?.tokens('first');
    streams[1]?.tokens('second');
    const view = render(show(first));
    expect(screen.getByTestId('out').textContent).toBe('first');
    view.rerender(show(second));
    expect(screen.getByTestId('out').textContent).toBe('second');
    view.rerender(show(null));
    expect(screen.getByTestId('out').textContent).toBe('');
  });

  test('a live handle replaced by null leaves an element that is empty and no longer busy', () => {
    const { store, streams, show } = setup();
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('live');
    const view = render(show(handle));
    expect(screen.getByTestId('out').getAttribute('aria-busy')).toBe('true');
    view.rerender(show(null));
    expect(screen.getByTestId('out').textContent).toBe('');
    expect(screen.getByTestId('out').getAttribute('aria-busy')).toBeNull();
  });

  test('a new `as` element shows the stream, and the old one gets nothing more', () => {
    const { store, streams } = setup();
    const handle = store.start({ prompt: 'Hi' });
    const show = (as: 'p' | 'pre') => (
      <StreamingProvider store={store}>
        <StreamText handle={handle} as={as} data-testid="out" />
      </StreamingProvider>
    );
    const view = render(show('p'));
    act(() => streams[0]?.tokens('one '));
    const old = screen.getByTestId('out');
    view.rerender(show('pre'));
    const current = screen.getByTestId('out');
    expect(current.tagName).toBe('PRE');
    expect(current.textContent).toBe('one ');
    act(() => {
      streams[0]?.tokens('two');
      frames.clock.frames(2);
    });
    expect(current.textContent).toBe('one two');
    expect(old.textContent).toBe('');
  });

  test('keeps its handle in the store while mounted, like useTokens', async () => {
    const { store, streams, show } = setup({ releaseAfterMs: 0 });
    const handle = store.start({ prompt: 'Hi' });
    const view = render(show(handle));
    streams[0]?.tokens('kept');
    streams[0]?.finish();
    await store.end(handle);
    await settle();
    act(() => frames.clock.frames(2));
    expect(store.getView(handle)).toMatchObject({ status: 'done', text: 'kept' }); // read: not released
    view.unmount();
    await settle();
    expect(store.getView(handle).status).toBe('idle'); // released once nobody reads it
  });

  test('part="reasoning" shows the reasoning as it streams, not the text (all of it while mounted, whatever the store keeps)', async () => {
    const { store, streams } = setup({ bufferSize: 2 });
    const handle = store.start({ prompt: 'Hi' });
    render(
      <StreamingProvider store={store}>
        <StreamText handle={handle} part="reasoning" data-testid="thinking" />
        <StreamText handle={handle} data-testid="answer" />
      </StreamingProvider>,
    );
    const thinking = screen.getByTestId('thinking');
    const answer = screen.getByTestId('answer');
    const busy = () => [thinking.getAttribute('aria-busy'), answer.getAttribute('aria-busy')];
    act(() => streams[0]?.reasoning('Let', ' me'));
    act(() => frames.clock.frames(2));
    expect([thinking.textContent, answer.textContent]).toEqual(['Let me', '']);
    expect(busy()).toEqual(['true', 'true']);
    act(() => streams[0]?.reasoning(' think', '.'));
    act(() => frames.clock.frames(2));
    expect(thinking.textContent).toBe('Let me think.');
    // The store keeps the last two reasoning tokens; a component mounted now shows those.
    expect(store.getView(handle).reasoning).toBe(' think.');
    act(() => streams[0]?.tokens('Yes'));
    act(() => frames.clock.frames(2));
    expect([thinking.textContent, answer.textContent]).toEqual(['Let me think.', 'Yes']);
    // The reasoning is over once the answer begins; the answer is busy until the stream ends.
    expect(busy()).toEqual([null, 'true']);
  });

  test('part="reasoning" is no longer busy once a tool call begins', () => {
    const { store, streams, show } = setup();
    const handle = store.start({ prompt: 'Weather?' });
    render(show(handle, 'reasoning'));
    const out = screen.getByTestId('out');
    act(() => streams[0]?.reasoning('I should look it up.'));
    act(() => frames.clock.frames(2));
    expect(out.getAttribute('aria-busy')).toBe('true');
    act(() => streams[0]?.parts({ type: 'tool-input-start', toolCallId: 'c', toolName: 'weather' }));
    act(() => frames.clock.frames(2));
    expect(out.getAttribute('aria-busy')).toBeNull();
  });

  test('mounted before its handle is attached (idle at first), it is busy while the stream runs and not after', async () => {
    const { transport, streams } = manualTransport({ attachable: true });
    const store = createStreamingStore({ transport });
    const handle = 'started-elsewhere' as StreamHandle;
    render(
      <StreamingProvider store={store}>
        <StreamText handle={handle} data-testid="out" />
      </StreamingProvider>,
    );
    const out = screen.getByTestId('out');
    act(() => {
      store.attach(handle);
    });
    act(() => streams[0]?.tokens('Hello'));
    act(() => frames.clock.frames(2));
    expect([out.textContent, out.getAttribute('aria-busy')]).toEqual(['Hello', 'true']);
    await act(async () => {
      streams[0]?.finish();
      await settle();
    });
    act(() => frames.clock.frames(2));
    expect(out.getAttribute('aria-busy')).toBeNull();
  });
});
