// @vitest-environment jsdom

import { act, render, screen } from '@testing-library/react';
import {
  createStreamingStore,
  type StreamHandle,
  StreamingProvider,
  type StreamResult,
  type Token,
  useEndStream,
  useStartStream,
  useStreamingStore,
  useTokens,
} from '@tokenflow/streaming';
import { Activity, useEffect, useState } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { manualTransport, settle } from '../support/manual-transport.js';
import { frameClockPerTest } from './frame-clock.js';

const frames = frameClockPerTest();

/** Renders a handle's text and counts its renders. */
function Output({ handle, renders, id }: { handle: StreamHandle | null; renders?: number[]; id: string }) {
  const { status, text, tokenCount } = useTokens(handle);
  renders?.push(tokenCount);
  return (
    <p data-testid={id} data-status={status}>
      {text}
    </p>
  );
}

describe('start in one component, render in another, end in a third', () => {
  test('the three hooks share a handle through a store of handles', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    let result: StreamResult | undefined;

    function Starter({ onStart }: { onStart: (handle: StreamHandle) => void }) {
      const start = useStartStream();
      return (
        <button type="button" onClick={() => onStart(start({ prompt: 'Hi' }))}>
          start
        </button>
      );
    }
    function Ender({ handle }: { handle: StreamHandle | null }) {
      const end = useEndStream();
      return (
        <button
          type="button"
          onClick={async () => {
            if (handle) result = await end(handle);
          }}
        >
          end
        </button>
      );
    }
    function App() {
      const [handle, setHandle] = useState<StreamHandle | null>(null);
      return (
        <StreamingProvider store={store}>
          <Starter onStart={setHandle} />
          <Output handle={handle} id="out" />
          <Ender handle={handle} />
        </StreamingProvider>
      );
    }

    render(<App />);
    expect(screen.getByTestId('out').dataset.status).toBe('idle');
    act(() => screen.getByText('start').click());
    expect(screen.getByTestId('out').dataset.status).toBe('pending');

    act(() => streams[0]?.tokens('Hello', ' there'));
    // The first token shows at once; the next one waits for a frame at least 25 ms later (the second, at 60 Hz).
    expect(screen.getByTestId('out').textContent).toBe('Hello');
    act(() => frames.clock.frame());
    expect(screen.getByTestId('out').textContent).toBe('Hello');
    act(() => frames.clock.frame());
    expect(screen.getByTestId('out')).toHaveProperty('textContent', 'Hello there');
    expect(screen.getByTestId('out').dataset.status).toBe('streaming');

    act(() => screen.getByText('end').click());
    await act(async () => {
      streams[0]?.finish({ finishReason: 'stop', usage: { outputTokens: 2 } });
      await settle();
    });
    expect(result).toMatchObject({ status: 'done', text: 'Hello there', usage: { outputTokens: 2 } });
    act(() => frames.clock.frames(2));
    // Ended, but still shown: the reader keeps its final view.
    expect(screen.getByTestId('out').dataset.status).toBe('done');
  });
});

describe('rendering', () => {
  test('renders are batched: a thousand tokens in one frame make one render', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handle = store.start({ prompt: 'Hi' });
    const renders: number[] = [];
    const listened: Token[] = [];
    render(
      <StreamingProvider store={store}>
        <Output handle={handle} renders={renders} id="out" />
      </StreamingProvider>,
    );
    store.addTokenListener(handle, (token) => listened.push(token));
    expect(renders).toEqual([0]);

    act(() => streams[0]?.tokens('first '));
    expect(renders).toEqual([0, 1]); // after a quiet spell, at once
    act(() => streams[0]?.tokens(...Array.from({ length: 999 }, (_, i) => `${i} `)));
    expect(listened).toHaveLength(1_000); // callbacks are never throttled
    expect(renders).toEqual([0, 1]); // React has not heard yet
    expect(frames.clock.pending).toBe(1); // one frame requested for all of them
    act(() => frames.clock.frames(2));
    expect(renders).toEqual([0, 1, 1_000]);

    act(() => streams[0]?.tokens('a'));
    act(() => frames.clock.frames(2));
    act(() => streams[0]?.tokens('b', 'c'));
    act(() => frames.clock.frames(2));
    expect(renders).toEqual([0, 1, 1_000, 1_001, 1_003]);
  });

  test('a token after a quiet spell shows at once; while tokens keep coming, React hears every second frame', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handle = store.start({ prompt: 'Hi' });
    const renders: number[] = [];
    render(
      <StreamingProvider store={store}>
        <Output handle={handle} renders={renders} id="out" />
      </StreamingProvider>,
    );
    // A token in every frame, as a fast stream sends them: the first at once, then every second frame, never in
    // two frames in a row.
    for (let frame = 1; frame <= 7; frame++) {
      act(() => streams[0]?.tokens('x'));
      act(() => frames.clock.frame());
    }
    expect(renders).toEqual([0, 1, 2, 4, 6]);
    // The seventh token waits one frame more, then shows: at most two frames behind.
    act(() => frames.clock.frame());
    expect(renders).toEqual([0, 1, 2, 4, 6, 7]);
    // After a quiet spell (frames with nothing new), the next token shows at once, with no frame.
    act(() => frames.clock.frames(2));
    act(() => streams[0]?.tokens('y'));
    expect(renders).toEqual([0, 1, 2, 4, 6, 7, 8]);
  });

  test('two flushes never land in one frame, even when a slow frame lasts longer than the gap', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handle = store.start({ prompt: 'Hi' });
    const published: number[] = [];
    store.state.subscribe(() => published.push(store.getView(handle).tokenCount));
    streams[0]?.tokens('a'); // after a quiet spell: at once
    expect(published).toEqual([1]);
    frames.clock.wait(40); // a slow frame: 40 ms pass before the next one begins
    streams[0]?.tokens('b');
    expect(published).toEqual([1]); // the gap has passed, but no frame has begun since the last flush
    frames.clock.frame();
    expect(published).toEqual([1, 2]);
  });

  test('a token on one handle does not re-render a component that reads another', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const [a, b] = [store.start({ prompt: 'A' }), store.start({ prompt: 'B' })];
    const rendersA: number[] = [];
    const rendersB: number[] = [];
    render(
      <StreamingProvider store={store}>
        <Output handle={a} renders={rendersA} id="a" />
        <Output handle={b} renders={rendersB} id="b" />
      </StreamingProvider>,
    );
    act(() => {
      streams[0]?.tokens('x', 'y');
      frames.clock.frames(2);
    });
    expect(rendersA).toEqual([0, 2]); // one act: React renders once for both flushes
    expect(rendersB).toEqual([0]);
    act(() => {
      streams[0]?.tokens('z');
      streams[1]?.tokens('1');
      frames.clock.frames(2);
    });
    expect(rendersA).toEqual([0, 2, 3]);
    expect(rendersB).toEqual([0, 1]);
  });

  test('20 streams share one frame: one flush for all of them', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handles = Array.from({ length: 20 }, () => store.start({ prompt: 'Hi' }));
    render(
      <StreamingProvider store={store}>
        {handles.map((handle) => (
          <Output key={handle} handle={handle} id={handle} />
        ))}
      </StreamingProvider>,
    );
    act(() => streams[0]?.tokens('t')); // shown at once: from now on, changes wait for a frame
    act(() => {
      for (const stream of streams) stream.tokens(...(stream === streams[0] ? ['u'] : ['t', 'u']));
    });
    expect(frames.clock.pending).toBe(1);
    act(() => frames.clock.frames(2));
    for (const handle of handles) expect(screen.getByTestId(handle).textContent).toBe('tu');
  });

  test('a null handle gives the idle view', () => {
    render(<Output handle={null} id="none" />);
    expect(screen.getByTestId('none').dataset.status).toBe('idle');
  });
});

describe('useTokens onToken', () => {
  test('it gets every token while mounted, the latest callback, with no re-subscription', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handle = store.start({ prompt: 'Hi' });
    const seen: string[] = [];
    function Listener({ tag }: { tag: string }) {
      useTokens(handle, { onToken: (token) => seen.push(`${tag}:${token.text}`) });
      return null;
    }
    const { rerender, unmount } = render(
      <StreamingProvider store={store}>
        <Listener tag="first" />
      </StreamingProvider>,
    );
    const added = vi.spyOn(store, 'addTokenListener');
    act(() => streams[0]?.tokens('a', 'b'));
    rerender(
      <StreamingProvider store={store}>
        <Listener tag="second" />
      </StreamingProvider>,
    );
    act(() => streams[0]?.tokens('c'));
    expect(added).not.toHaveBeenCalled();
    unmount();
    act(() => streams[0]?.tokens('d'));
    expect(seen).toEqual(['first:a', 'first:b', 'second:c']);
  });
});

describe('hooks', () => {
  test('useStartStream and useEndStream return stable functions', () => {
    const starts: unknown[] = [];
    const ends: unknown[] = [];
    function Probe({ n }: { n: number }) {
      starts.push(useStartStream());
      ends.push(useEndStream());
      return <span>{n}</span>;
    }
    const { rerender } = render(<Probe n={1} />);
    rerender(<Probe n={2} />);
    expect(starts[0]).toBe(starts[1]);
    expect(ends[0]).toBe(ends[1]);
  });

  test('start throws a typed error for bad input, synchronously', () => {
    let start: ReturnType<typeof useStartStream> | undefined;
    function Probe() {
      start = useStartStream();
      return null;
    }
    render(<Probe />);
    expect(() => start?.({ prompt: 'Hi', temperature: 9 })).toThrow(/temperature must be a number from 0 to 2/);
  });

  test('hooks outside any provider share one default store', async () => {
    const fetchMock = vi.fn(async () => new Response('nope', { status: 503 }));
    vi.stubGlobal('fetch', fetchMock);
    let start: ReturnType<typeof useStartStream> | undefined;
    let end: ReturnType<typeof useEndStream> | undefined;
    function Probe() {
      start = useStartStream();
      end = useEndStream();
      return null;
    }
    render(<Probe />);
    const handle = start?.({ prompt: 'Hi' }) as StreamHandle;
    const result = await end?.(handle);
    expect(fetchMock).toHaveBeenCalledWith('/api/stream', expect.objectContaining({ method: 'POST' }));
    expect(result?.error).toMatchObject({ code: 'http', status: 503 });
  });

  test('provider props may change: new values apply to later streams, the store is never recreated', async () => {
    const { transport, streams } = manualTransport();
    const seen: string[] = [];
    let start: ReturnType<typeof useStartStream> | undefined;
    let end: ReturnType<typeof useEndStream> | undefined;
    function Probe() {
      start = useStartStream();
      end = useEndStream();
      return null;
    }
    const app = (bufferSize: number, tag: string) => (
      <StreamingProvider transport={transport} bufferSize={bufferSize} onToken={(t) => seen.push(`${tag}:${t.text}`)}>
        <Probe />
      </StreamingProvider>
    );
    const { rerender } = render(app(1, 'old'));
    const first = start?.({ prompt: 'Hi' }) as StreamHandle;
    const startBefore = start;
    rerender(app(5, 'new'));
    expect(start).toBe(startBefore);
    const second = start?.({ prompt: 'Hi' }) as StreamHandle;
    for (const stream of streams) {
      stream.tokens('a', 'b');
      stream.finish();
    }
    expect((await end?.(first))?.text).toBe('b');
    expect((await end?.(second))?.text).toBe('ab');
    expect(seen).toEqual(['new:a', 'new:b', 'new:a', 'new:b']);
  });

  test('a changed prop sets that option alone: a transport a child set with store.configure stays', () => {
    const fromChild = manualTransport();
    let start: ReturnType<typeof useStartStream> | undefined;
    function Child() {
      const store = useStreamingStore();
      start = useStartStream();
      useEffect(() => store.configure({ transport: fromChild.transport }), [store]);
      return null;
    }
    const app = (bufferSize: number) => (
      <StreamingProvider bufferSize={bufferSize}>
        <Child />
      </StreamingProvider>
    );
    const { rerender } = render(app(10));
    rerender(app(20));
    start?.({ prompt: 'Hi' });
    expect(fromChild.streams).toHaveLength(1);
  });

  test('an ended handle is released once its last reader unmounts (releaseAfterMs 0: on the next task)', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, releaseAfterMs: 0 });
    const handle = store.start({ prompt: 'Hi' });
    const { unmount } = render(
      <StreamingProvider store={store}>
        <Output handle={handle} id="out" />
      </StreamingProvider>,
    );
    streams[0]?.tokens('bye');
    streams[0]?.finish();
    await act(() => store.end(handle));
    act(() => frames.clock.frames(2));
    expect(screen.getByTestId('out')).toHaveProperty('textContent', 'bye');
    expect(store.getView(handle).status).toBe('done');
    unmount();
    await settle();
    expect(store.getView(handle).status).toBe('idle');
  });

  test('a reader hidden with <Activity> after end shows the final view when it is shown again', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, releaseAfterMs: 60_000 });
    const handle = store.start({ prompt: 'Hi' });
    const view = (mode: 'visible' | 'hidden') => (
      <StreamingProvider store={store}>
        <Activity mode={mode}>
          <Output handle={handle} id="out" />
        </Activity>
      </StreamingProvider>
    );
    const { rerender } = render(view('visible'));
    streams[0]?.tokens('still here');
    streams[0]?.finish();
    await act(() => store.end(handle));
    act(() => frames.clock.frames(2));
    // Hidden, its effects are cleaned up: nothing reads the handle for a while.
    rerender(view('hidden'));
    await act(() => settle());
    rerender(view('visible'));
    act(() => frames.clock.frames(2));
    expect(screen.getByTestId('out').dataset.status).toBe('done');
    expect(screen.getByTestId('out').textContent).toBe('still here');
  });

  test('an ended handle moving from one reader to another in one commit stays (as in StrictMode remounts)', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, releaseAfterMs: 0 });
    const handle = store.start({ prompt: 'Hi' });
    const view = (key: string) => (
      <StreamingProvider store={store}>
        <Output key={key} handle={handle} id="out" />
      </StreamingProvider>
    );
    const { rerender, unmount } = render(view('first panel'));
    streams[0]?.tokens('kept');
    streams[0]?.finish();
    await act(() => store.end(handle));
    // The first reader unmounts and the second mounts in the same commit: the handle must not be released between.
    rerender(view('second panel'));
    await act(() => settle());
    act(() => frames.clock.frames(2));
    expect(screen.getByTestId('out')).toHaveProperty('textContent', 'kept');
    expect(store.getView(handle).status).toBe('done');
    unmount();
    await settle();
    expect(store.getView(handle).status).toBe('idle');
  });
});

describe('the component that started a stream unmounts', () => {
  function Starter({
    options,
    onStart,
  }: {
    options?: { abortOnUnmount?: boolean };
    onStart: (h: StreamHandle) => void;
  }) {
    const start = useStartStream(options);
    return (
      <button type="button" onClick={() => onStart(start({ prompt: 'Hi' }))}>
        start
      </button>
    );
  }

  test('by default the stream goes on, so another component can still render it', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    let handle: StreamHandle | undefined;
    const { unmount } = render(
      <StreamingProvider store={store}>
        <Starter onStart={(h) => (handle = h)} />
      </StreamingProvider>,
    );
    act(() => screen.getByText('start').click());
    unmount();
    expect(streams[0]?.signal.aborted).toBe(false);
    streams[0]?.tokens('still here');
    streams[0]?.finish();
    expect(await store.end(handle as StreamHandle)).toMatchObject({ status: 'done', text: 'still here' });
  });

  test('with abortOnUnmount its running streams are aborted, their partial text kept', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const handles: StreamHandle[] = [];
    const { unmount } = render(
      <StreamingProvider store={store}>
        <Starter options={{ abortOnUnmount: true }} onStart={(h) => handles.push(h)} />
      </StreamingProvider>,
    );
    act(() => screen.getByText('start').click());
    act(() => screen.getByText('start').click());
    streams[0]?.tokens('partial');
    streams[1]?.finish();
    await settle();
    unmount();
    expect(streams[0]?.signal.aborted).toBe(true);
    expect(streams[1]?.signal.aborted).toBe(false);
    expect(await store.end(handles[0] as StreamHandle)).toMatchObject({ status: 'aborted', text: 'partial' });
    expect((await store.end(handles[1] as StreamHandle)).status).toBe('done');
  });

  test('changing abortOnUnmount while mounted aborts nothing; the value at unmount is the one that counts', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const show = (abortOnUnmount: boolean) => (
      <StreamingProvider store={store}>
        <Starter options={{ abortOnUnmount }} onStart={() => {}} />
      </StreamingProvider>
    );
    const view = render(show(true));
    act(() => screen.getByText('start').click());
    view.rerender(show(false));
    view.rerender(show(true));
    expect(streams[0]?.signal.aborted).toBe(false);
    view.rerender(show(false));
    view.unmount();
    expect(streams[0]?.signal.aborted).toBe(false);

    const again = render(show(false));
    act(() => screen.getByText('start').click());
    again.rerender(show(true));
    again.unmount();
    expect(streams[1]?.signal.aborted).toBe(true);
  });
});
