import {
  createStreamingStore,
  type StreamHandle,
  StreamingProvider,
  StreamText,
  useEndStream,
  useStartStream,
  useStreamObject,
  useStreamSelect,
  useTokens,
} from '@tokenflow/streaming';
import { renderToString } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { manualTransport } from '../support/manual-transport.js';

function Page({ handle }: { handle: StreamHandle | null }) {
  const start = useStartStream();
  const end = useEndStream();
  const { status, text, tokenCount } = useTokens(handle, { onToken: () => {} });
  return (
    <main data-ready={typeof start === 'function' && typeof end === 'function'}>
      {status}:{tokenCount}:{text}
    </main>
  );
}

describe('the hooks render on the server', () => {
  test('there is no window here, and a page using all three hooks renders without a provider', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof requestAnimationFrame).toBe('undefined');
    expect(renderToString(<Page handle={null} />)).toBe(
      '<main data-ready="true">idle<!-- -->:<!-- -->0<!-- -->:</main>',
    );
  });

  test('a stream already in the store renders its current text on the server', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('Server', ' side');
    const html = renderToString(
      <StreamingProvider store={store}>
        <Page handle={handle} />
      </StreamingProvider>,
    );
    expect(html).toContain('streaming<!-- -->:<!-- -->2<!-- -->:<!-- -->Server side');
    // Effects do not run on the server: the render did not retain the handle.
    streams[0]?.finish();
    await store.end(handle);
    expect(store.state.getState().views.size).toBe(1);
    store.release(handle);
    expect(store.state.getState().views.size).toBe(0);
  });

  test('useStreamSelect and useStreamObject render what the store holds on the server', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    const handle = store.start({ prompt: 'A recipe', output: 'recipe' });
    streams[0]?.tokens('{"title":"Tea",', '"steps":["Boil');
    function Card() {
      const tokens = useStreamSelect(handle, (view) => view.tokenCount);
      const { object } = useStreamObject<{ title: string; steps: string[] }>(handle);
      return (
        <p>
          {tokens}:{object?.title}:{object?.steps?.join('|')}
        </p>
      );
    }
    const html = renderToString(
      <StreamingProvider store={store}>
        <Card />
      </StreamingProvider>,
    );
    expect(html).toBe('<p>2<!-- -->:<!-- -->Tea<!-- -->:<!-- -->Boil</p>');
  });

  test('StreamText renders its empty element on the server', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    const handle = store.start({ prompt: 'Hi' });
    streams[0]?.tokens('not on the server');
    const html = renderToString(
      <StreamingProvider store={store}>
        <StreamText handle={handle} as="p" className="answer" />
      </StreamingProvider>,
    );
    expect(html).toBe('<p class="answer"></p>');
  });
});
