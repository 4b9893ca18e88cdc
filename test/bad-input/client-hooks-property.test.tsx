// @vitest-environment jsdom

import { cleanup, render, renderHook } from '@testing-library/react';
import {
  createStreamingStore,
  isStreamError,
  type StartStreamInput,
  type StreamError,
  StreamingProvider,
  type StreamingStoreOptions,
  useEndStream,
  useStartStream,
} from '@tokenflow/streaming';
import fc from 'fast-check';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { manualTransport } from '../../packages/streaming/test/support/manual-transport.js';

// The same contract through the React bindings: what useStartStream's start, useEndStream's end and
// StreamingProvider's props do with bad values. The core oracle is in client-property.test.ts; these properties
// draw only values that are bad for every reading (never a reported-bug case), and check the typed error.

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 60);
afterEach(cleanup);

/** Values that no field of the input or the options accepts as they are. */
const badForAll = fc.oneof(
  fc.constantFrom<unknown>(null, Number.NaN, Number.NEGATIVE_INFINITY, -1, -0.5, Symbol('bad'), 'not valid', []),
  fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
  fc.integer({ max: -1 }),
);

const START_FIELDS = [
  'system',
  'model',
  'temperature',
  'topP',
  'maxOutputTokens',
  'seed',
  'stopSequences',
  'headers',
  'body',
  'bufferSize',
  'onToken',
];

function caught(act: () => unknown): StreamError {
  let error: unknown;
  try {
    act();
  } catch (thrown) {
    error = thrown;
  }
  expect(isStreamError(error), `not a StreamError: ${String(error)}`).toBe(true);
  return error as StreamError;
}

/** A badForAll value is still valid for a few fields (a string for system and model, -1 for seed, no stop sequences). */
const isActuallyValid = (field: string, value: unknown): boolean =>
  (field === 'system' && typeof value === 'string') ||
  (field === 'stopSequences' && Array.isArray(value) && value.length === 0) ||
  (field === 'model' && value === 'not valid') ||
  (field === 'seed' && Number.isSafeInteger(value));

describe('the hooks give the same typed errors', () => {
  test('useStartStream: start throws invalid-input naming the field, and starts nothing', () => {
    const { transport, streams } = manualTransport();
    const store = createStreamingStore({ transport });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <StreamingProvider store={store}>{children}</StreamingProvider>
    );
    const { result } = renderHook(() => useStartStream(), { wrapper });
    fc.assert(
      fc.property(fc.constantFrom(...START_FIELDS), badForAll, (field, value) => {
        fc.pre(!isActuallyValid(field, value));
        const started = streams.length;
        const error = caught(() => result.current({ prompt: 'Hi', [field]: value } as StartStreamInput));
        expect(error).toMatchObject({ code: 'invalid-input', field });
        expect(streams).toHaveLength(started);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('useEndStream: end rejects invalid-input naming the option', async () => {
    const { transport } = manualTransport();
    const store = createStreamingStore({ transport });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <StreamingProvider store={store}>{children}</StreamingProvider>
    );
    const { result } = renderHook(() => useEndStream(), { wrapper });
    const handle = store.start({ prompt: 'Hi' });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('abort', 'timeoutMs'), badForAll, async (field, value) => {
        const error = await result.current(handle, { [field]: value }).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(isStreamError(error)).toBe(true);
        expect(error).toMatchObject({ code: 'invalid-input', field });
      }),
      { numRuns: NUM_RUNS },
    );
    store.release(handle);
  });

  test('StreamingProvider: a bad prop throws invalid-options naming it, at mount and on a later change', () => {
    // React reports the error of a render before rethrowing it: keep the test output quiet.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      fc.assert(
        fc.property(
          fc.constantFrom('bufferSize', 'onToken', 'onError', 'transport', 'throttle', 'releaseAfterMs'),
          badForAll,
          (field, value) => {
            const props = { [field]: value } as StreamingStoreOptions;
            const atMount = caught(() => render(<StreamingProvider {...props}>x</StreamingProvider>));
            expect(atMount).toMatchObject({ code: 'invalid-options', field });
            cleanup();
            const { rerender } = render(<StreamingProvider>x</StreamingProvider>);
            const onChange = caught(() => rerender(<StreamingProvider {...props}>x</StreamingProvider>));
            expect(onChange).toMatchObject({ code: 'invalid-options', field });
            cleanup();
          },
        ),
        { numRuns: NUM_RUNS },
      );
    } finally {
      consoleError.mockRestore();
    }
  });
});
