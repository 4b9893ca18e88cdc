// @vitest-environment jsdom

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import {
  type StreamHandle,
  StreamingProvider,
  type StreamingStore,
  type StreamResult,
  useEndStream,
  useStartStream,
  useTokens,
} from '@tokenflow/streaming';
import { useState } from 'react';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import {
  ABANDON_MS,
  APIS,
  activeTimers,
  CLOSE_MS,
  closedAfter,
  firstTextFrame,
  type LeftBehind,
  longRecording,
  NOTHING_LEFT,
  type Rig,
  type RigOptions,
  STALL_MS,
  startRig,
  textOf,
  within,
  withMalformedFrame,
} from '../support/interruption-rig.js';

/**
 * The interruption matrix: every way a stream can be cut, each a test, on both OpenAI APIs, through the real
 * path (React hooks → HTTP transport → our route → @ai-sdk/openai → a fake OpenAI serving real recordings).
 * Each cell checks what the hooks show, what `end` returns, what happens to the provider connection, and that
 * nothing is left behind: handle, abort listener, timer, route request or connection, provider response.
 *
 * The route keeps its streams (its default log), so a stop and a disconnect differ: a stop (`end` with `abort`
 * or a timeout, an unmount with `abortOnUnmount`) closes the provider connection at once; a client going away
 * (a reset, a cancelled body, giving up on a silent route) does not: the generation goes on, a reader can come
 * back for the rest, and one nobody reads is stopped `abandonAfterMs` after its last reader left.
 */

// ---------------------------------------------------------------------------------------------------------------
// The page: one component starts the stream, another renders it, a third stops it.

interface Shown {
  status: string;
  code: string;
  serverCode: string;
  text: string;
}

function Answer({ handle }: { handle: StreamHandle | null }) {
  const { status, text, error } = useTokens(handle);
  return (
    <output
      data-testid="answer"
      data-status={status}
      data-code={error?.code ?? ''}
      data-server={error?.serverCode ?? ''}
    >
      {text}
    </output>
  );
}

function Asker({ abortOnUnmount, onStarted }: { abortOnUnmount: boolean; onStarted: (handle: StreamHandle) => void }) {
  const start = useStartStream({ abortOnUnmount });
  return (
    <button type="button" onClick={() => onStarted(start({ prompt: 'Tell me about pizza' }))}>
      Ask
    </button>
  );
}

function Stop({ handle, onEnded }: { handle: StreamHandle | null; onEnded: (result: StreamResult) => void }) {
  const end = useEndStream();
  return (
    <button
      type="button"
      disabled={handle === null}
      onClick={() => handle && void end(handle, { abort: true }).then(onEnded)}
    >
      Stop
    </button>
  );
}

interface PageProps {
  showAsker: boolean;
  abortOnUnmount: boolean;
  onEnded: (result: StreamResult) => void;
  onStarted: (handle: StreamHandle) => void;
}

function Page({ showAsker, abortOnUnmount, onStarted, onEnded }: PageProps) {
  const [handle, setHandle] = useState<StreamHandle | null>(null);
  const started = (next: StreamHandle) => {
    setHandle(next);
    onStarted(next);
  };
  return (
    <>
      {showAsker && <Asker abortOnUnmount={abortOnUnmount} onStarted={started} />}
      <Answer handle={handle} />
      <Stop handle={handle} onEnded={onEnded} />
    </>
  );
}

/** Renders the page on the rig's store and presses Ask: the stream starts from a component, as in an app. */
function openPage(store: StreamingStore, options: { abortOnUnmount?: boolean } = {}) {
  let handle: StreamHandle | undefined;
  let ended: StreamResult | undefined;
  const page = (showAsker: boolean) => (
    <StreamingProvider store={store}>
      <Page
        showAsker={showAsker}
        abortOnUnmount={options.abortOnUnmount ?? false}
        onStarted={(started) => {
          handle = started;
        }}
        onEnded={(result) => {
          ended = result;
        }}
      />
    </StreamingProvider>
  );
  const view = render(page(true));
  fireEvent.click(screen.getByRole('button', { name: 'Ask' }));
  if (handle === undefined) throw new Error('Ask started no stream.');
  const started: StreamHandle = handle;
  return {
    handle: started,
    /** What the hooks show now. */
    shown(): Shown {
      const output = screen.getByTestId('answer');
      return {
        status: output.dataset.status ?? '',
        code: output.dataset.code ?? '',
        serverCode: output.dataset.server ?? '',
        text: output.textContent ?? '',
      };
    },
    /** Presses Stop: `end(handle, { abort: true })` from useEndStream. */
    stop(): void {
      fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    },
    /** What Stop's `end` resolved, once it has. */
    ended: () => waitFor(() => ended ?? Promise.reject(new Error('end has not resolved yet'))),
    /** Unmounts the component that started the stream; the rest of the page stays. */
    unmountAsker(): void {
      view.rerender(page(false));
    },
    unmount: () => view.unmount(),
  };
}

// ---------------------------------------------------------------------------------------------------------------

let rig: Rig | undefined;
afterEach(async () => {
  cleanup();
  await rig?.close();
  rig = undefined;
});

async function setUp(options: RigOptions): Promise<Rig> {
  rig = await startRig(options);
  return rig;
}

/** When the store aborted the rig's first stream (bounded: fails after a second). */
const abortedAt = (rig: Rig) =>
  within(rig.runs[0]?.abortedAt ?? Promise.reject(new Error('no stream')), 1_000, 'the abort');

/** The matrix as measured, written to test-results/interruptions/matrix.md: one row per cell. */
const rows: string[] = [];
function note(cell: string, result: StreamResult | undefined, text: string, provider: string, left: string) {
  const code = result?.error
    ? `${result.error.code}${result.error.serverCode ? ` (${result.error.serverCode})` : ''}`
    : '–';
  rows.push(`| ${cell} | ${result?.status ?? '–'} | ${code} | ${text} | ${provider} | ${left} |`);
}
/** A LeftBehind as a table cell: "none", or what was left. */
const leftOver = (left: LeftBehind) =>
  Object.entries(left)
    .filter(([, count]) => count !== 0)
    .map(([what, count]) => `${what} ${count}`)
    .join(', ') || 'none';
afterAll(() => {
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'interruptions');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'matrix.md'),
    [
      '| cause [API] | status | error code | text | provider connection | left behind |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows.sort(),
      '',
    ].join('\n'),
  );
});

/** Waits until the hooks show the stream streaming `text`. */
const showsStreaming = (ui: ReturnType<typeof openPage>, text: string) =>
  waitFor(() => expect(ui.shown()).toMatchObject({ status: 'streaming', text }));

/** A duration for the report. */
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** When the transport of the rig's first stream finished or gave up (bounded: fails after a second). */
const settledAt = (rig: Rig) =>
  within(rig.runs[0]?.settledAt ?? Promise.reject(new Error('no stream')), 1_000, 'the transport settling');

/** The text of the text-delta chunks in a piece of UI message stream (SSE). */
const textDeltas = (sse: string) =>
  [...sse.matchAll(/^data: (\{.*)$/gm)]
    .map(([, data]) => JSON.parse(data as string) as { type: string; delta?: string })
    .filter((chunk) => chunk.type === 'text-delta')
    .map((chunk) => chunk.delta)
    .join('');

/** Reads a UI message stream until its first text delta arrived; answers what it read. */
async function readUntilText(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let received = '';
  while (!received.includes('"text-delta"')) {
    const { done, value } = await reader.read();
    if (done) throw new Error('The route ended before any text.');
    received += decoder.decode(value, { stream: true });
  }
  return received;
}

// ---------------------------------------------------------------------------------------------------------------

describe.each(APIS)('interruption matrix (%s API)', (api) => {
  test('1. the user ends with end(handle, { abort: true }): aborted, partial text kept, provider closed at once', async () => {
    const { recording, midway, partial } = longRecording(api);
    const rig = await setUp({ api });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store);
    await answer.stalled;
    await showsStreaming(ui, partial);

    const stoppedAt = performance.now();
    ui.stop();
    const result = await ui.ended();
    const closedMs = await closedAfter(answer.goneAt, stoppedAt);

    // Stopped at the route (DELETE): every reader sees the end the route logged, after the text as generated.
    expect(result).toMatchObject({ status: 'aborted', text: partial, error: { code: 'aborted' }, usage: undefined });
    await waitFor(() =>
      expect(ui.shown()).toEqual({ status: 'aborted', code: 'aborted', serverCode: '', text: partial }),
    );
    expect(closedMs).toBeLessThan(CLOSE_MS);
    expect(rig.onError).not.toHaveBeenCalled();
    ui.unmount();
    const left = await rig.leftBehind(timersBefore);
    expect(left).toEqual(NOTHING_LEFT);
    note(`1 end(handle, { abort: true }) [${api}]`, result, 'partial', `closed in ${ms(closedMs)}`, leftOver(left));
  });

  test('1b. end(handle, { timeoutMs }) runs out: error timeout, partial text kept, provider closed at once', async () => {
    const { recording, midway, partial } = longRecording(api);
    const rig = await setUp({ api });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store);
    await answer.stalled;
    await showsStreaming(ui, partial);

    const result = await rig.store.end(ui.handle, { timeoutMs: 50 });
    const closedMs = await closedAfter(answer.goneAt, abortedAt(rig));

    expect(result).toMatchObject({ status: 'error', text: partial, error: { code: 'timeout', retryable: true } });
    await waitFor(() =>
      expect(ui.shown()).toEqual({ status: 'error', code: 'timeout', serverCode: '', text: partial }),
    );
    expect(closedMs).toBeLessThan(CLOSE_MS);
    ui.unmount();
    const left = await rig.leftBehind(timersBefore);
    expect(left).toEqual(NOTHING_LEFT);
    note(`1b end(handle, { timeoutMs }) [${api}]`, result, 'partial', `closed in ${ms(closedMs)}`, leftOver(left));
  });

  test('2a. the starting component unmounts with abortOnUnmount: aborted, partial text kept, provider closed at once', async () => {
    const { recording, midway, partial } = longRecording(api);
    const rig = await setUp({ api });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store, { abortOnUnmount: true });
    await answer.stalled;
    await showsStreaming(ui, partial);

    const unmountedAt = performance.now();
    ui.unmountAsker();
    const closedMs = await closedAfter(answer.goneAt, unmountedAt);
    // Another component still renders the stream: it shows the end, with the partial text.
    await waitFor(() =>
      expect(ui.shown()).toEqual({ status: 'aborted', code: 'aborted', serverCode: '', text: partial }),
    );
    const result = await rig.store.end(ui.handle);

    expect(result).toMatchObject({ status: 'aborted', text: partial, error: { code: 'aborted' } });
    expect(closedMs).toBeLessThan(CLOSE_MS);
    expect(rig.onError).not.toHaveBeenCalled();
    ui.unmount();
    const left = await rig.leftBehind(timersBefore);
    expect(left).toEqual(NOTHING_LEFT);
    note(`2a unmount, abortOnUnmount: true [${api}]`, result, 'partial', `closed in ${ms(closedMs)}`, leftOver(left));
  });

  test('2b. the starting component unmounts, by default: the stream goes on to the end, the provider is not cut', async () => {
    const { recording, midway, partial, full } = longRecording(api);
    const rig = await setUp({ api });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store);
    await answer.stalled;
    await showsStreaming(ui, partial);

    ui.unmountAsker();
    // Nothing was aborted (an abort on unmount happens in the unmount itself, synchronously).
    expect(rig.runs[0]?.signal.aborted).toBe(false);
    expect(ui.shown()).toMatchObject({ status: 'streaming', text: partial });
    answer.resume();
    await waitFor(() => expect(ui.shown()).toEqual({ status: 'done', code: '', serverCode: '', text: full }));
    const result = await rig.store.end(ui.handle);
    await within(answer.finished, 1_000, 'the provider answer finishing');

    expect(result).toMatchObject({ status: 'done', text: full, error: undefined });
    expect(result.usage?.totalTokens).toBeGreaterThan(0);
    expect(answer.isClientGone).toBe(false);
    ui.unmount();
    // The completed response's connection stays in the route's fetch pool (keep-alive), idle: not a leak.
    const left = await rig.leftBehind(timersBefore, { keptAlive: 1 });
    expect(left).toEqual(NOTHING_LEFT);
    note(`2b unmount, by default [${api}]`, result, 'full', 'answered in full (kept alive)', leftOver(left));
  });

  // The error code and the route's report are asserted in route-stops-provider.test.ts.
  test('3. the provider connection is reset mid-stream: error, partial text kept, nothing left', async () => {
    const { recording, midway, partial } = longRecording(api);
    const rig = await setUp({ api });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store);
    await answer.stalled;
    await showsStreaming(ui, partial);

    rig.providerLink.reset();
    await waitFor(() => expect(ui.shown()).toMatchObject({ status: 'error', text: partial }));
    const result = await rig.store.end(ui.handle);
    await within(answer.clientGone, 1_000, 'the fake provider seeing the reset');

    expect(result).toMatchObject({ status: 'error', text: partial, usage: undefined });
    expect(result.error?.message).not.toMatch(/ECONNRESET|127\.0\.0\.1/);
    ui.unmount();
    const left = await rig.leftBehind(timersBefore);
    expect(left).toEqual(NOTHING_LEFT);
    note(
      `3 provider connection reset [${api}]`,
      result,
      'partial',
      'reset by the fake; the route sends a provider error chunk',
      leftOver(left),
    );
  });

  test.each([
    { upstream: 401, status: 502, serverCode: 'provider-auth', retryable: false },
    { upstream: 429, status: 429, serverCode: 'provider-rate-limited', retryable: true },
    { upstream: 500, status: 503, serverCode: 'provider-unavailable', retryable: true },
  ])('4. the provider answers $upstream before streaming: error http $status ($serverCode), no text', async (row) => {
    const rig = await setUp({ api });
    const answer = rig.fail(row.upstream, { error: { message: `upstream ${row.upstream} sk-SECRET`, type: 'x' } });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store);

    await waitFor(() =>
      expect(ui.shown()).toEqual({ status: 'error', code: 'http', serverCode: row.serverCode, text: '' }),
    );
    const result = await rig.store.end(ui.handle);
    await within(answer.finished, 1_000, 'the provider answer finishing');

    expect(result).toMatchObject({ status: 'error', text: '', tokenCount: 0 });
    expect(result.error).toMatchObject({
      code: 'http',
      status: row.status,
      serverCode: row.serverCode,
      retryable: row.retryable,
    });
    expect(result.error?.message).not.toContain('SECRET');
    expect(rig.provider.requests).toHaveLength(1);
    expect(rig.onError.mock.calls.map(([, context]) => context.phase)).toEqual(['before-first-token']);
    ui.unmount();
    // The error was read in full, so its connection stays in the route's fetch pool (keep-alive), idle.
    const left = await rig.leftBehind(timersBefore, { keptAlive: 1 });
    expect(left).toEqual(NOTHING_LEFT);
    note(`4 provider ${row.upstream} [${api}]`, result, 'none', 'answered in full (kept alive)', leftOver(left));
  });

  test('5. the provider sends a malformed chunk mid-stream: error provider, partial text kept, provider closed', async () => {
    const { recording, midway, partial } = longRecording(api);
    const rig = await setUp({ api });
    // A few good frames follow the broken one, then the provider holds the connection open.
    const answer = rig.serve(withMalformedFrame(recording, midway), { stallAfterFrames: midway + 6 });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store);

    await waitFor(() =>
      expect(ui.shown()).toEqual({ status: 'error', code: 'provider', serverCode: '', text: partial }),
    );
    const result = await rig.store.end(ui.handle);
    // The client stops reading at the error chunk; the route then gives the provider call up.
    const closedMs = await closedAfter(answer.goneAt, settledAt(rig));

    expect(result).toMatchObject({ status: 'error', text: partial, error: { code: 'provider' } });
    expect(result.text).not.toContain('LOST');
    expect(closedMs).toBeLessThan(CLOSE_MS);
    expect(rig.onError.mock.calls.map(([, context]) => context.phase)).toEqual(['streaming']);
    ui.unmount();
    const left = await rig.leftBehind(timersBefore);
    expect(left).toEqual(NOTHING_LEFT);
    note(
      `5 malformed chunk mid-stream [${api}]`,
      result,
      'partial',
      `closed ${ms(closedMs)} after the client left`,
      leftOver(left),
    );
  });

  // Client side here; that the route closes the provider connection is asserted in route-stops-provider.test.ts.
  test('5b. the provider sends a malformed first chunk: error http 502 (provider-error), no text, nothing left in the client', async () => {
    const { recording } = longRecording(api);
    const rig = await setUp({ api });
    rig.serve(withMalformedFrame(recording, 0), { stallAfterFrames: 4 });
    const ui = openPage(rig.store);

    await waitFor(() =>
      expect(ui.shown()).toEqual({ status: 'error', code: 'http', serverCode: 'provider-error', text: '' }),
    );
    const result = await rig.store.end(ui.handle);

    expect(result.error).toMatchObject({ code: 'http', status: 502, serverCode: 'provider-error' });
    expect(rig.onError.mock.calls.map(([, context]) => context.phase)).toEqual(['before-first-token']);
    ui.unmount();
    const { handles, abortListeners } = await rig.leftBehind(0, { withinMs: 200 });
    expect({ handles, abortListeners }).toEqual({ handles: 0, abortListeners: 0 });
    note(`5b malformed first chunk [${api}]`, result, 'none', 'closed (route-stops-provider.test.ts)', 'none');
  });

  test('6a. the provider stalls mid-stream past the route’s idleTimeoutMs: error provider, partial text kept, call abandoned', async () => {
    const { recording, midway, partial } = longRecording(api);
    const rig = await setUp({ api, routeIdleTimeoutMs: STALL_MS });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store);
    const stalledAt = answer.stalled.then(() => performance.now());

    await waitFor(() =>
      expect(ui.shown()).toEqual({ status: 'error', code: 'provider', serverCode: '', text: partial }),
    );
    const result = await rig.store.end(ui.handle);
    const closedMs = await closedAfter(answer.goneAt, stalledAt);

    expect(result).toMatchObject({ status: 'error', text: partial, error: { code: 'provider' } });
    expect(result.error?.message).toContain('stopped sending');
    // Abandoned once idleTimeoutMs passed without a chunk, not before, and the provider heard at once.
    expect(closedMs).toBeGreaterThanOrEqual(STALL_MS - 5);
    expect(closedMs).toBeLessThan(STALL_MS + CLOSE_MS);
    expect(rig.onError.mock.calls.map(([, context]) => context.phase)).toEqual(['streaming']);
    ui.unmount();
    const left = await rig.leftBehind(timersBefore);
    expect(left).toEqual(NOTHING_LEFT);
    note(
      `6a provider stalls mid-stream > route idleTimeoutMs [${api}]`,
      result,
      'partial',
      `closed ${ms(closedMs)} after the stall (idleTimeoutMs ${STALL_MS})`,
      leftOver(left),
    );
  });

  test('6c. the route goes silent mid-stream past the client idleTimeoutMs: the client reconnects, then gives up (error timeout, partial text kept); the generation is abandoned later', async () => {
    const { recording, midway, partial } = longRecording(api);
    // The route would wait for the provider for a minute; the client gives up first, after one more try.
    const rig = await setUp({ api, idleTimeoutMs: STALL_MS, maxReconnects: 1, abandonAfterMs: ABANDON_MS });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store);
    const stalledAt = answer.stalled.then(() => performance.now());

    await waitFor(() =>
      expect(ui.shown()).toEqual({ status: 'error', code: 'timeout', serverCode: '', text: partial }),
    );
    const result = await rig.store.end(ui.handle);
    const gaveUpAt = await settledAt(rig);
    const closedMs = await closedAfter(answer.goneAt, gaveUpAt);

    expect(result).toMatchObject({ status: 'error', text: partial, error: { code: 'timeout', retryable: true } });
    expect(result.reconnects).toBe(1);
    // Silent once before the reconnect and once after it.
    expect(gaveUpAt - (await stalledAt)).toBeGreaterThanOrEqual(2 * STALL_MS - 5);
    // Giving up is not a stop: the provider is let go once nobody read the stream for abandonAfterMs.
    expect(closedMs).toBeGreaterThanOrEqual(ABANDON_MS - 5);
    expect(closedMs).toBeLessThan(ABANDON_MS + ABANDON_MS / 4 + CLOSE_MS);
    ui.unmount();
    const left = await rig.leftBehind(timersBefore);
    expect(left).toEqual(NOTHING_LEFT);
    note(
      `6c route silent mid-stream > client idleTimeoutMs [${api}]`,
      result,
      'partial',
      `abandoned ${ms(closedMs)} after the client gave up (abandonAfterMs ${ABANDON_MS})`,
      leftOver(left),
    );
  });

  test('6d. the route sends nothing at all past the client idleTimeoutMs: error timeout, no text, provider closed at once', async () => {
    const { recording } = longRecording(api);
    const rig = await setUp({ api, idleTimeoutMs: STALL_MS });
    // Before its first chunk the route has not answered: the client waits on the response headers.
    const answer = rig.serve(recording, { stallAfterFrames: 0 });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store);

    await waitFor(() => expect(ui.shown()).toEqual({ status: 'error', code: 'timeout', serverCode: '', text: '' }));
    const result = await rig.store.end(ui.handle);
    const closedMs = await closedAfter(answer.goneAt, settledAt(rig));

    expect(result).toMatchObject({ status: 'error', text: '', error: { code: 'timeout', retryable: true } });
    // Gone before the answer started, the client has no event to resume from: its going is a stop.
    expect(closedMs).toBeLessThan(CLOSE_MS);
    ui.unmount();
    const left = await rig.leftBehind(timersBefore);
    expect(left).toEqual(NOTHING_LEFT);
    note(
      `6d route silent before answering > client idleTimeoutMs [${api}]`,
      result,
      'none',
      `closed in ${ms(closedMs)}`,
      leftOver(left),
    );
  });

  test("7a. the client's connection to the route is reset mid-stream: the client reconnects and ends done, every token once; the provider is not cut", async () => {
    const { recording, midway, partial, full } = longRecording(api);
    const rig = await setUp({ api });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();
    const ui = openPage(rig.store);
    await answer.stalled;
    await showsStreaming(ui, partial);

    await rig.clientLink.reset();
    await waitFor(() => expect(rig.store.getView(ui.handle).reconnects).toBe(1));
    expect(answer.isClientGone).toBe(false);
    expect(ui.shown()).toMatchObject({ status: 'streaming', text: partial });
    answer.resume();
    await waitFor(() => expect(ui.shown()).toEqual({ status: 'done', code: '', serverCode: '', text: full }));
    const result = await rig.store.end(ui.handle);
    await within(answer.finished, 1_000, 'the provider answer finishing');

    expect(result).toMatchObject({ status: 'done', text: full, reconnects: 1, error: undefined });
    expect(result.usage?.totalTokens).toBeGreaterThan(0);
    expect(answer.isClientGone).toBe(false);
    // A client going away is no failure of the provider or the route.
    expect(rig.onError).not.toHaveBeenCalled();
    ui.unmount();
    const left = await rig.leftBehind(timersBefore, { keptAlive: 1 });
    expect(left).toEqual(NOTHING_LEFT);
    note(`7a client connection reset [${api}]`, result, 'full', 'answered in full (kept alive)', leftOver(left));
  });

  test("7b. a client cancels the route's response body mid-stream: the generation goes on, and a reader gets the rest after the last event it read", async () => {
    const { recording, midway, partial, full } = longRecording(api);
    const rig = await setUp({ api });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const timersBefore = activeTimers();
    const streamId = 'matrix-7b-cancelled-body';

    const response = await fetch(rig.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Tell me about pizza', streamId }),
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const received = await readUntilText(reader);
    // Up to the last whole event: a read may end inside one.
    const read = received.slice(0, received.lastIndexOf('\n\n') + 2);
    await answer.stalled;
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, CLOSE_MS));
    expect(answer.isClientGone).toBe(false);

    const lastId = Math.max(...[...read.matchAll(/^id: (\d+)$/gm)].map(([, id]) => Number(id)));
    const rest = await fetch(`${rig.url}/${streamId}`, { headers: { 'last-event-id': String(lastId) } });
    answer.resume();
    const tail = await rest.text();
    expect(textDeltas(read) + textDeltas(tail)).toBe(full);
    expect(textDeltas(read).length).toBeLessThanOrEqual(partial.length);
    expect(tail).toContain('"type":"finish"');
    expect(rig.onError).not.toHaveBeenCalled();
    const left = await rig.leftBehind(timersBefore, { keptAlive: 1 });
    expect(left).toEqual(NOTHING_LEFT);
    note(
      `7b response body cancelled by a fetch client [${api}]`,
      undefined,
      '–',
      'not cut; the rest read after the last event id (kept alive)',
      leftOver(left),
    );
  });

  test('9a. the route handler throws before answering: 500 JSON internal, error http, no provider call', async () => {
    const rig = await setUp({
      api,
      authorize: () => {
        throw new Error('the session store is down');
      },
    });
    const timersBefore = activeTimers();

    const raw = await fetch(rig.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Tell me about pizza' }),
    });
    expect(raw.status).toBe(500);
    expect(raw.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await raw.text();
    expect(JSON.parse(body)).toEqual({ error: { code: 'internal', message: expect.any(String), retryable: false } });
    expect(body).not.toContain('session store');

    const ui = openPage(rig.store);
    await waitFor(() =>
      expect(ui.shown()).toEqual({ status: 'error', code: 'http', serverCode: 'internal', text: '' }),
    );
    const result = await rig.store.end(ui.handle);

    expect(result.error).toMatchObject({ code: 'http', status: 500, serverCode: 'internal', retryable: false });
    expect(rig.provider.requests).toHaveLength(0);
    expect(rig.onError.mock.calls.map(([, context]) => context.phase)).toEqual(['route', 'route']);
    ui.unmount();
    const left = await rig.leftBehind(timersBefore);
    expect(left).toEqual(NOTHING_LEFT);
    note(`9a route handler throws before answering [${api}]`, result, 'none', 'never called', leftOver(left));
  });

  test('9b. the route breaks mid-stream (its answer stream throws): the client reconnects and gets the rest, every token once', async () => {
    const { recording, midway, full } = longRecording(api);
    const breakAfterChunks = 20;
    const rig = await setUp({
      api,
      // The route's own code throws while its first answer is being written, after some chunks went out.
      wrapRoute: (route) => async (request) => {
        const response = await route(request);
        if (request.method !== 'POST') return response;
        let chunks = 0;
        const breaking = new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            if (++chunks > breakAfterChunks) throw new Error('a bug in the route');
            controller.enqueue(chunk);
          },
        });
        return new Response(response.body?.pipeThrough(breaking), response);
      },
    });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    const ui = openPage(rig.store);

    await waitFor(() => expect(rig.store.getView(ui.handle).reconnects).toBe(1));
    await answer.stalled;
    answer.resume();
    await waitFor(() => expect(ui.shown()).toEqual({ status: 'done', code: '', serverCode: '', text: full }));
    const result = await rig.store.end(ui.handle);

    expect(result).toMatchObject({ status: 'done', text: full, reconnects: 1 });
    expect(answer.isClientGone).toBe(false);
    ui.unmount();
    const { handles, abortListeners } = await rig.leftBehind(0, { withinMs: 200 });
    expect({ handles, abortListeners }).toEqual({ handles: 0, abortListeners: 0 });
    note(
      `9b route stream throws mid-way [${api}]`,
      result,
      'full',
      'not cut (the generation is not the response)',
      'none',
    );
  });
});

test('6b. the provider stalls after its preamble, before any text, past firstTokenTimeoutMs: error http 504, no text (Responses API)', async () => {
  // firstTokenTimeoutMs counts from the start of the call, so the route gives up at most firstTokenTimeoutMs after the stall
  // began (the other stall shapes are in route-stops-provider.test.ts).
  const api = 'responses';
  const { recording } = longRecording(api);
  const preamble = firstTextFrame(recording);
  expect(preamble).toBeGreaterThan(1);
  const rig = await setUp({ api, firstTokenTimeoutMs: STALL_MS });
  const answer = rig.serve(recording, { stallAfterFrames: preamble });
  const timersBefore = activeTimers();
  const ui = openPage(rig.store);
  const stalledAt = answer.stalled.then(() => performance.now());

  await waitFor(() =>
    expect(ui.shown()).toEqual({ status: 'error', code: 'http', serverCode: 'provider-timeout', text: '' }),
  );
  const result = await rig.store.end(ui.handle);
  const closedMs = await closedAfter(answer.goneAt, stalledAt);

  expect(result.error).toMatchObject({ code: 'http', status: 504, serverCode: 'provider-timeout', retryable: true });
  expect(closedMs).toBeLessThan(STALL_MS + CLOSE_MS);
  ui.unmount();
  const left = await rig.leftBehind(timersBefore);
  expect(left).toEqual(NOTHING_LEFT);
  note(
    `6b provider stalls after its preamble > firstTokenTimeoutMs [${api}]`,
    result,
    'none',
    `closed ${ms(closedMs)} after the stall (firstTokenTimeoutMs ${STALL_MS})`,
    leftOver(left),
  );
});

describe('the tools of the matrix', () => {
  test.each(APIS)('the %s recording has text before and after the cut, and the malformed frame adds none', (api) => {
    const { recording, partial, full } = longRecording(api);
    expect(partial.length).toBeGreaterThan(10);
    expect(full.length).toBeGreaterThan(partial.length + 100);
    expect(textOf(withMalformedFrame(recording, 5))).toBe(full);
  });

  test('leftBehind sees what is left: a running stream, its abort listener, a timer, the route request and the provider call', async () => {
    const { recording, midway } = longRecording('chat');
    const rig = await setUp({ api: 'chat' });
    const answer = rig.serve(recording, { stallAfterFrames: midway });
    // Earlier tests' ended handles are released on the next task: let their timers go before counting.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const timersBefore = activeTimers();
    const handle = rig.store.start({ prompt: 'Tell me about pizza' });
    await answer.stalled;

    const left = await rig.leftBehind(timersBefore, { withinMs: 0 });
    expect(left).toEqual({
      handles: 1,
      abortListeners: 1,
      // The idle timers of the transport (client) and of the route (provider silence), at least.
      timers: expect.any(Number),
      routeRequests: 1,
      routeConnections: 1,
      providerAnswersOpen: 1,
      providerConnections: 1,
    });
    expect(left.timers).toBeGreaterThanOrEqual(2);
    await rig.store.end(handle, { abort: true });
    expect(await rig.leftBehind(timersBefore)).toEqual(NOTHING_LEFT);
  });
});
