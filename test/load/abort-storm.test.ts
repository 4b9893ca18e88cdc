import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createStreamingStore, httpTransport, type StreamingStore, type StreamResult } from '@tokenflow/streaming/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { forcedGc, LOAD_SCALE, percentile, settledHeapUsed, writeLoadReport } from '../support/load-kit.js';
import { type LoadRoute, nothingOpenSoon, openOnChain, startLoadRoute } from '../support/load-route.js';
import { loadPrompt, seededRandom, seededTokens } from '../support/seeded-tokens.js';

/**
 * Streams started and aborted at random (seeded) moments, through the route, from a paced fake provider: before
 * the request leaves, while it connects, before the first token, mid-stream, and some after they completed. Nothing
 * may leak: every store is empty, no socket is left open on the route server or the fake provider, every provider
 * call ended, and an abort reaches the provider quickly.
 *
 * `pnpm test:load` runs 1,000 streams started over 10 s; `pnpm test` 150 over 2 s.
 */

const SIZE =
  LOAD_SCALE === 'full'
    ? { streams: 1_000, windowMs: 10_000, deadlineMs: 60_000 }
    : { streams: 150, windowMs: 2_000, deadlineMs: 20_000 };
/** Tokens per stream: at 50–100 tokens/s after a 100 ms first-token wait, a stream lasts 0.5–0.9 s unloaded… */
const TOKENS = 40;
/** …and, when aborted at random, after 0–2 s: before it is sent, before its first token, mid-stream, or after it ended. */
const MAX_ABORT_DELAY_MS = 2_000;
/** Longer than any abort comes after its stream ended, so a late Stop still finds its handle. */
const RELEASE_AFTER_MS = MAX_ABORT_DELAY_MS + 500;
const CLIENTS = 10;
const SEED = 0x7f4a7c15;

/** Route requests still reachable after the storm and a forced collection (undefined: not measured). */
const retained: { requests: number | undefined } = { requests: undefined };

let load: LoadRoute;

beforeAll(async () => {
  load = await startLoadRoute(100);
});

afterAll(() => load?.close());

const pickAbort = (draw: number): Pick<Planned, 'abort'> => ({
  abort: draw < 0.05 ? 'at-once' : draw < 0.1 ? 'after-end' : 'random',
});

interface Planned {
  seed: number;
  store: StreamingStore;
  /** Its handle, once started: the id its stop (a DELETE) names. */
  handle?: string;
  startAfterMs: number;
  /** When it is aborted: in the same turn as its start, after a random delay, or only once it has ended. */
  abort: 'at-once' | 'random' | 'after-end';
  abortAfterMs: number;
  abortedAt?: number;
  result?: StreamResult;
}

describe(`load (${LOAD_SCALE} size): ${SIZE.streams} streams started and aborted at random moments`, () => {
  test(
    'every abort is clean: stores empty, no open socket, every provider call closed',
    async () => {
      const random = seededRandom(SEED);
      const stores = Array.from({ length: CLIENTS }, () =>
        // An ended handle stays long enough for a Stop that comes after the end, then goes: an empty store is
        // checked below.
        createStreamingStore({ transport: httpTransport({ api: load.route.url }), releaseAfterMs: RELEASE_AFTER_MS }),
      );
      const plan: Planned[] = Array.from({ length: SIZE.streams }, (_, i) => ({
        seed: i + 1,
        store: stores[i % CLIENTS] as StreamingStore,
        startAfterMs: random() * SIZE.windowMs,
        // One stream in twenty is aborted at once, in the same turn as its start (before fetch is even called);
        // one in twenty only after it ended (a late Stop, which must change nothing); the rest at random.
        ...pickAbort(random()),
        abortAfterMs: random() * MAX_ABORT_DELAY_MS,
      }));

      const timers = new Set<ReturnType<typeof setTimeout>>();
      const later = (ms: number, run: () => void) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          run();
        }, ms);
        timers.add(timer);
      };
      const running = new Map<number, () => void>();
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const startedAt = performance.now();
      const all = Promise.all(
        plan.map(
          (stream) =>
            new Promise<void>((resolve) => {
              later(stream.startAfterMs, () => {
                const handle = stream.store.start({ prompt: loadPrompt(stream.seed, TOKENS) });
                stream.handle = handle;
                const abort = () => {
                  running.delete(stream.seed);
                  stream.abortedAt = performance.now();
                  void stream.store.end(handle, { abort: true }).then((result) => {
                    stream.result = result;
                    resolve();
                  });
                };
                running.set(stream.seed, abort);
                if (stream.abort === 'at-once') abort();
                else if (stream.abort === 'random') later(stream.abortAfterMs, abort);
                else void stream.store.end(handle).then(abort);
              });
            }),
        ),
      );
      // Bounded in time: past the deadline every pending timer is dropped and every running stream aborted.
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((resolve) => {
          deadline = setTimeout(() => resolve(true), SIZE.deadlineMs);
        }),
      ]);
      clearTimeout(deadline);
      if (timedOut) {
        for (const timer of timers) clearTimeout(timer);
        for (const abort of [...running.values()]) abort();
      }
      expect(timedOut, `the storm did not end within ${SIZE.deadlineMs} ms`).toBe(false);
      const durationMs = performance.now() - startedAt;
      loopDelay.disable();

      // Each stream ended as aborted (or done, when it completed first), with a prefix of its own tokens.
      const problems: string[] = [];
      for (const { seed, result, abort } of plan) {
        if (result === undefined) {
          problems.push(`${seed}: no result`);
          continue;
        }
        const expected = seededTokens(seed, TOKENS);
        const kept = result.tokens.map((token) => token.text);
        if (result.status !== 'aborted' && result.status !== 'done') {
          problems.push(`${seed}: ${result.status} ${result.error?.code} ${result.error?.message}`);
        } else if (kept.some((text, i) => text !== expected[i]) || result.text !== kept.join('')) {
          problems.push(`${seed}: tokens that are not its own`);
        } else if (result.status === 'done' && kept.length !== TOKENS) {
          problems.push(`${seed}: done with ${kept.length} tokens`);
        } else if (abort === 'after-end' && result.status !== 'done') {
          problems.push(`${seed}: a Stop after the end turned it into ${result.status}`);
        }
      }
      expect(problems).toEqual([]);
      expect(load.routeErrors).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, RELEASE_AFTER_MS));
      for (const store of stores) expect(store.state.getState().views.size).toBe(0);

      // Nothing left open, after a short settle (idle keep-alive sockets close within 3 s).
      const settled = await nothingOpenSoon(load);
      const left = openOnChain(load);
      expect(settled, `still open after 5 s: ${JSON.stringify(left)}`).toBe(true);
      expect(load.provider.calls.every((call) => call.outcome !== 'open')).toBe(true);
      expect(load.route.exchanges.every((exchange) => exchange.outcome !== 'open')).toBe(true);

      // The provider saw each abort. A call under way when the client aborted closed soon after (or had just
      // finished); a request already on its way when the client aborted reached the provider, and closed soon.
      // "Soon" is timed twice. From the client's abort: that includes the wait for the route server to accept the
      // stop's new connection, which in this one-process harness (clients, route and provider on one busy event
      // loop; strace shows Node accepting one connection per loop turn) reached 1.25 s, with up to 90 connections
      // queued on the route's listening socket. And from when the route heard the stop (its DELETE arrived): the
      // route's own part.
      const bySeed = new Map(plan.map((stream) => [stream.seed, stream]));
      const stopHeardAt = new Map<string, number>();
      for (const exchange of load.route.exchanges) {
        const streamId = exchange.method === 'DELETE' ? exchange.path.split('/').pop() : undefined;
        if (streamId) stopHeardAt.set(streamId, Math.min(exchange.receivedAt, stopHeardAt.get(streamId) ?? Infinity));
      }
      const abortToClose: number[] = [];
      const heardToClose: number[] = [];
      const lateCallLifetimes: number[] = [];
      const notStopped: number[] = [];
      let cutAtProvider = 0;
      for (const call of load.provider.calls) {
        const stream = bySeed.get(call.seed ?? -1);
        if (stream?.result?.status !== 'aborted' || stream.abortedAt === undefined) continue;
        const closedAt = call.closedAt ?? Number.POSITIVE_INFINITY;
        // A stop with no DELETE is the client's disconnect, which reaches the route on a connection it has.
        const heardAt = Math.max(call.startedAt, stopHeardAt.get(stream.handle ?? '') ?? stream.abortedAt);
        heardToClose.push(Math.max(0, closedAt - heardAt));
        if (call.startedAt <= stream.abortedAt) abortToClose.push(Math.max(0, closedAt - stream.abortedAt));
        else lateCallLifetimes.push(closedAt - call.startedAt);
        if (call.outcome === 'client-gone') cutAtProvider++;
        // A call that wrote its whole answer more than 150 ms after the route heard its stop (so with at least that
        // much pacing still to go: 7 tokens or more) was not cut by it.
        if (call.outcome === 'finished' && closedAt - heardAt > 150) notStopped.push(stream.seed);
      }
      const statuses = plan.map((stream) => stream.result?.status);
      const aborted = plan.filter((stream) => stream.result?.status === 'aborted');
      const figures = {
        streams: SIZE.streams,
        windowMs: SIZE.windowMs,
        done: statuses.filter((status) => status === 'done').length,
        abortedBeforeFirstToken: aborted.filter((stream) => stream.result?.tokenCount === 0).length,
        abortedMidStream: aborted.filter((stream) => (stream.result?.tokenCount ?? 0) > 0).length,
        providerCalls: load.provider.calls.length,
        providerCallsCutByAbort: cutAtProvider,
        abortToProviderCloseMs: {
          p50: Math.round(percentile(abortToClose, 50)),
          p99: Math.round(percentile(abortToClose, 99)),
          max: Math.round(Math.max(...abortToClose)),
        },
        routeHeardStopToProviderCloseMs: {
          p50: Math.round(percentile(heardToClose, 50)),
          p99: Math.round(percentile(heardToClose, 99)),
          max: Math.round(Math.max(...heardToClose)),
        },
        callsReachingProviderAfterAbort: lateCallLifetimes.length,
        theirLifetimeMs: { max: Math.round(Math.max(0, ...lateCallLifetimes)) },
        eventLoopDelayMs: {
          p50: Math.round(loopDelay.percentile(50) / 1e6),
          p99: Math.round(loopDelay.percentile(99) / 1e6),
        },
        maxOpenSockets: { route: load.route.peakSockets, provider: load.provider.peakSockets },
        durationMs: Math.round(durationMs),
      };
      const gc = forcedGc();
      if (gc) {
        await settledHeapUsed(gc);
        retained.requests = load.route.retainedRequests();
      }
      console.log(`[load] ${LOAD_SCALE}: abort storm ${JSON.stringify(figures)}`);
      writeLoadReport('aborts', figures);

      // Every phase was hit, and every abort that could cut its provider call did.
      expect(figures.done).toBeGreaterThan(0);
      expect(figures.abortedBeforeFirstToken).toBeGreaterThan(0);
      expect(figures.abortedMidStream).toBeGreaterThan(0);
      expect(cutAtProvider).toBeGreaterThan(0);
      expect(notStopped).toEqual([]);
      // And soon, even under this load: the interruption tests hold a single stream to 100 ms; here one event loop
      // runs the clients, the route and the provider of every stream, and CI runs other test files besides. The
      // route's part is tight; the whole way, with the accept queue in it, is bounded only against a hang.
      expect(Math.max(...heardToClose)).toBeLessThan(300);
      expect(Math.max(...abortToClose)).toBeLessThan(5_000);
      expect(Math.max(0, ...lateCallLifetimes)).toBeLessThan(5_000);
    },
    SIZE.deadlineMs + 30_000,
  );

  // A route that kept completed requests alive (a listener left on request.signal) failed this at CI size with
  // "expected 38 to be +0": the streams that completed before their abort.
  test('no request is retained after the storm', (context) => {
    if (retained.requests === undefined) context.skip('no forced garbage collection, or the storm did not complete');
    expect(retained.requests).toBe(0);
  });
});
