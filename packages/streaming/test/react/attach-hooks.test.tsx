// @vitest-environment jsdom

import { act, render, screen } from '@testing-library/react';
import {
  createStreamingStore,
  type StreamHandle,
  StreamingProvider,
  useStreamHandles,
  useTokens,
} from '@tokenflow/streaming';
import { StrictMode } from 'react';
import { describe, expect, test } from 'vitest';
import { manualTransport, settle } from '../support/manual-transport.js';

/** Shows a handle's status and text; `attach` reads a handle this store did not start. */
function Reader({ handle, attach }: { handle: StreamHandle; attach?: boolean }) {
  const { status, text, error } = useTokens(handle, { attach });
  return (
    <p data-testid="reader" data-status={status} data-error={error?.code ?? ''}>
      {text}
    </p>
  );
}

describe('attaching a handle from elsewhere (another tab, a URL)', () => {
  test('useTokens with attach reads a stream this store did not start, and keeps it while mounted', async () => {
    const { transport, streams } = manualTransport({ attachable: true });
    const store = createStreamingStore({ transport, throttle: false, releaseAfterMs: 0 });
    const handle = 'from-another-tab-0123456789';
    const { unmount } = render(
      <StreamingProvider store={store}>
        <Reader handle={handle} attach />
      </StreamingProvider>,
    );
    expect(streams.map((stream) => stream.request)).toEqual([{ attached: handle }]);
    act(() => {
      streams[0]?.tokens('Same', ' tokens');
      streams[0]?.finish();
    });
    await act(settle);
    expect(screen.getByTestId('reader')).toMatchObject({ textContent: 'Same tokens', dataset: { status: 'done' } });
    // Read: kept past its end; released once nobody reads it.
    expect(store.getView(handle).status).toBe('done');
    unmount();
    await settle();
    expect(store.getView(handle).status).toBe('idle');
  });

  test('a value that is no handle gives an error view, not a crash', () => {
    const { transport, streams } = manualTransport({ attachable: true });
    const store = createStreamingStore({ transport });
    render(
      <StreamingProvider store={store}>
        <Reader handle={'../../etc/passwd' as StreamHandle} attach />
      </StreamingProvider>,
    );
    expect(screen.getByTestId('reader').dataset).toMatchObject({ status: 'error', error: 'invalid-input' });
    expect(streams).toHaveLength(0);
  });
});

describe('useStreamHandles and resumeOnReload on the provider', () => {
  test('lists handles as they come and go, and does not re-render for tokens', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false, releaseAfterMs: 0 });
    const renders: (readonly StreamHandle[])[] = [];
    function List() {
      const handles = useStreamHandles();
      renders.push(handles);
      return null;
    }
    render(
      <StreamingProvider store={store}>
        <List />
      </StreamingProvider>,
    );
    let handle = '' as StreamHandle;
    act(() => {
      handle = store.start({ prompt: 'Hi' });
    });
    act(() => streams[0]?.tokens('a', 'b', 'c'));
    act(() => store.release(handle));
    expect(renders).toEqual([[], [handle], []]);
  });

  test('in Strict Mode, the provider attaches each remembered handle once, and lists it', () => {
    const handle = 'remembered-handle-0123456789';
    sessionStorage.setItem('tokenflow:running', JSON.stringify([handle]));
    const { transport, streams } = manualTransport({ attachable: true });
    let handles: readonly StreamHandle[] = [];
    function List() {
      handles = useStreamHandles();
      return null;
    }
    render(
      <StrictMode>
        <StreamingProvider transport={transport} resumeOnReload>
          <List />
        </StreamingProvider>
      </StrictMode>,
    );
    expect(streams.map((stream) => stream.request)).toEqual([{ attached: handle }]);
    expect(handles).toEqual([handle]);
    sessionStorage.clear();
  });
});
