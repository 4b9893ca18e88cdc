// @vitest-environment jsdom

import { act, render } from '@testing-library/react';
import { createStreamingStore, type StreamHandle, StreamingProvider, useStreamSelect } from '@tokenflow/streaming';
import { describe, expect, test } from 'vitest';
import { manualTransport, settle } from '../support/manual-transport.js';

describe('useStreamSelect: one fact about a stream, rendered only when it changes', () => {
  test('"still thinking?" renders when thinking starts and when it stops, not for each reasoning or text token', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false });
    let handle = '' as StreamHandle;
    act(() => {
      handle = store.start({ prompt: 'Think first' });
    });
    const seen: boolean[] = [];
    function Label() {
      seen.push(useStreamSelect(handle, (view) => view.isRunning && view.tokenCount === 0 && view.reasoning !== ''));
      return null;
    }
    render(
      <StreamingProvider store={store}>
        <Label />
      </StreamingProvider>,
    );
    const stream = streams[0] as NonNullable<(typeof streams)[0]>;
    for (const piece of ['Let', ' me', ' think', '.']) act(() => stream.reasoning(piece));
    for (const piece of ['Yes', ',', ' it', ' is.']) act(() => stream.tokens(piece));
    await act(async () => {
      stream.finish();
      await settle();
    });
    expect(seen).toEqual([false, true, false]);
  });

  test('keeps its handle in the store while mounted; a null handle selects from the idle view', async () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport, throttle: false, releaseAfterMs: 0 });
    const handle = store.start({ prompt: 'Hi' });
    let status = '';
    function Status({ of }: { of: StreamHandle | null }) {
      status = useStreamSelect(of, (view) => view.status);
      return null;
    }
    const shown = render(
      <StreamingProvider store={store}>
        <Status of={handle} />
      </StreamingProvider>,
    );
    await act(async () => {
      streams[0]?.tokens('Hello');
      streams[0]?.finish();
      await settle();
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    // Ended, and nothing but this component reads it: still there while it is mounted.
    expect([status, store.getView(handle).status]).toEqual(['done', 'done']);
    shown.rerender(
      <StreamingProvider store={store}>
        <Status of={null} />
      </StreamingProvider>,
    );
    expect(status).toBe('idle');
  });
});
