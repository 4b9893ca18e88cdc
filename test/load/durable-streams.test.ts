import { createStreamingStore, httpTransport, type StreamResult } from '@tokenflow/streaming/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DurableLoadChain, startDurableLoadChain } from '../support/durable-load-chain.js';
import { forcedGc, LOAD_SCALE, mb, percentile, settledHeapUsed, writeLoadReport } from '../support/load-kit.js';
import { loadPrompt, runningChecksum, seededTokens, tokenChecksum } from '../support/seeded-tokens.js';

/**
 * Many durable streams at once on one real redis-server (`redisStreamLog`), read over HTTP through a link that cuts
 * every response after a random 150–1,650 bytes (mostly inside an SSE event) with a reset, so each stream is cut
 * several times. Each client is its own store with the real `httpTransport`, which reconnects with Last-Event-ID.
 * Every reader must end with exactly its stream's tokens, once each, and its usage; once the TTL passed, Redis
 * holds no key under the prefix and the heap is back to its baseline.
 *
 * `pnpm test:load` runs 200 streams of 100 tokens; `pnpm test` 40 of 100. Everything runs in one process on 2 cores
 * (about 1.4 ms of CPU per token, cuts included), so a full round takes about 50 s.
 */

const SIZE =
  LOAD_SCALE === 'full'
    ? { streams: 200, tokens: 100, deadlineMs: 120_000 }
    : { streams: 40, tokens: 100, deadlineMs: 20_000 };
/**
 * Short, so that the test can wait for the keys to expire, but longer than readers lag behind their generation:
 * the keys go TTL after the last append, and a reader that comes back after that gets a 404. With everything in
 * one process, readers ended up to 2 s after the provider finished at CI size, and up to 36 s at full size (at 15 s
 * and 200 tokens a stream, half of a full round's readers got a 404). On a machine loaded by other work, CI-size
 * readers lagged past 5 s (half of them got a 404), hence 10 s. `readerLagBehindProviderMs` in the report.
 */
const TTL_SECONDS = LOAD_SCALE === 'full' ? 60 : 10;
const KEY_PREFIX = 'load-durable';
/** About 75 bytes per token event: a 100-token stream (7.5 KB) is cut about ten times. */
const CUT_BYTES = [150, 1_650] as const;
/** Enough for a connection cut again before its first event: any progress starts the count afresh. */
const MAX_RECONNECTS = 10;
/** Redis evicts expired keys within a few of its 100 ms expiry cycles; this is far beyond that. */
const EXPIRY_GRACE_MS = 5_000;
/**
 * A POST's response is cut only after its first event. Until that event the transport has no position to resume
 * from (the numbered events tell it that the route keeps the stream), so a drop there ends the stream with a
 * `network` error although the route goes on generating it: about one stream in ten with this cut range. A gap of
 * the transport, left out here by name rather than hidden in the range.
 */
const SPARE_FIRST_EVENT_OF = ['POST'];

let chain: DurableLoadChain;

beforeAll(async () => {
  chain = await startDurableLoadChain({
    keyPrefix: KEY_PREFIX,
    ttlSeconds: TTL_SECONDS,
    cutBytes: CUT_BYTES,
    seed: 11,
    spareFirstEventOf: SPARE_FIRST_EVENT_OF,
  });
});

afterAll(() => chain?.close());

interface Outcome {
  seed: number;
  problem: string | undefined;
  /** performance.now() when the reader's stream ended. */
  endedAt: number;
  reconnects: number;
  durationMs: number;
}

/** What is wrong with a reader's result, if anything: its tokens as heard and as kept, its text and usage. */
function check(seed: number, result: StreamResult, heard: ReturnType<typeof runningChecksum>, tokens: number) {
  const expected = seededTokens(seed, tokens);
  if (result.status !== 'done') return `status ${result.status} (${result.error?.code}: ${result.error?.message})`;
  if (heard.count !== expected.length) return `${heard.count} tokens heard, ${expected.length} expected`;
  if (heard.value !== tokenChecksum(expected)) return `checksum ${heard.value} ≠ ${tokenChecksum(expected)}`;
  const kept = result.tokens.map((token) => token.text);
  const first = kept.findIndex((text, i) => text !== expected[i]);
  if (first >= 0 || kept.length !== expected.length) return `kept tokens differ from index ${first}`;
  if (result.text !== expected.join('')) return 'text differs';
  // The paced provider reports 12 prompt tokens and one completion token per token it sent.
  if (result.usage?.inputTokens !== 12 || result.usage?.outputTokens !== tokens) {
    return `usage ${JSON.stringify(result.usage)}`;
  }
  return undefined;
}

/** Starts `count` streams at once, one store each, through the cutting link; `keep` receives the full results. */
async function runClients(
  seedBase: number,
  count: number,
  tokens: number,
  keep?: StreamResult[],
  onAllLive?: (ids: string[]) => void,
) {
  let live = 0;
  // A stream's id is its handle: the transport proposes it, the route accepts it.
  const ids: string[] = [];
  return Promise.all(
    Array.from({ length: count }, async (_, i): Promise<Outcome> => {
      const seed = seedBase + i;
      const transport = httpTransport({ api: chain.cutUrl, reconnectDelayMs: 5, maxReconnects: MAX_RECONNECTS });
      const store = createStreamingStore({ transport, throttle: false, releaseAfterMs: 0 });
      const heard = runningChecksum();
      const handle = store.start({
        prompt: loadPrompt(seed, tokens),
        onToken: (token) => {
          heard.add(token.text);
          if (token.index === 0 && ++live === count) onAllLive?.(ids);
        },
      });
      ids.push(handle);
      const result = await store.end(handle, { timeoutMs: SIZE.deadlineMs });
      keep?.push(result);
      return {
        seed,
        problem: check(seed, result, heard, tokens),
        endedAt: performance.now(),
        reconnects: result.reconnects,
        durationMs: result.timing.durationMs,
      };
    }),
  );
}

/** Polls an async reading until `done` holds or `timeoutMs` passed; answers the last reading and how long it took. */
async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number) {
  const startedAt = performance.now();
  for (;;) {
    const value = await read();
    const ms = Math.round(performance.now() - startedAt);
    if (done(value) || ms > timeoutMs) return { value, ms };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`load (${LOAD_SCALE} size): ${SIZE.streams} durable streams on one Redis, their readers cut at random`, () => {
  test(
    'every reader gets its tokens exactly once and its usage; keys and heap are back to baseline after the TTL',
    async () => {
      const { rig } = chain;
      const gc = forcedGc();
      const keysBefore = { underPrefix: await rig.keysUnderPrefix(), dbSize: await rig.dbSize() };

      // Warm-up: a whole round of the same size, cut the same way. A first long run grows what Node and the
      // Redis client keep for reuse at that size (about 1.5 MB, once: more rounds after it add nothing), so the
      // heap baseline is taken after it, at once (an idle wait would only let kept-alive connections go).
      const warmUp = await runClients(1_000_000, SIZE.streams, SIZE.tokens);
      expect(warmUp.filter((outcome) => outcome.problem)).toEqual([]);
      chain.provider.forgetCalls();
      chain.route.forgetExchanges();
      const cutsBefore = chain.cuts();
      const heapBefore = gc ? await settledHeapUsed(gc) : Number.NaN;

      let keysLive = Number.NaN;
      let heapLive = Number.NaN;
      const results: StreamResult[] = [];
      const cpuBefore = process.cpuUsage();
      const startedAt = performance.now();
      const outcomes = await runClients(1, SIZE.streams, SIZE.tokens, results, (ids) => {
        // Every stream has its first token: all of them are in Redis (an events stream and a state hash each).
        const keys = ids.flatMap((id) => [`${KEY_PREFIX}:${id}:events`, `${KEY_PREFIX}:${id}:state`]);
        void rig.existing(keys).then((n) => {
          keysLive = n;
        });
        if (gc) {
          gc();
          heapLive = process.memoryUsage().heapUsed;
        }
      });
      const durationMs = performance.now() - startedAt;
      const cpu = process.cpuUsage(cpuBefore);
      const cuts = chain.cuts() - cutsBefore;
      // How far behind its generation each reader ended: what the TTL must exceed (see TTL_SECONDS).
      const lags = outcomes.map((outcome) => {
        const call = chain.provider.calls.find(({ seed }) => seed === outcome.seed);
        return outcome.endedAt - (call?.closedAt ?? Number.NaN);
      });

      // The keys go once the TTL passed after each stream's last append.
      const expiry = await pollUntil(rig.dbSize, (n) => n === keysBefore.dbSize, TTL_SECONDS * 1000 + EXPIRY_GRACE_MS);
      const keysAfter = { underPrefix: await rig.keysUnderPrefix(), dbSize: expiry.value };
      const calls = chain.provider.calls.map(({ outcome }) => outcome);
      const openExchanges = chain.route.openExchanges();
      chain.provider.forgetCalls();
      chain.route.forgetExchanges();
      // The results are what the clients hold on to: their weight is the yardstick for a leak.
      const heapWithResults = gc ? await settledHeapUsed(gc) : Number.NaN;
      results.length = 0;
      const heapAfter = gc ? await settledHeapUsed(gc) : Number.NaN;

      const reconnects = outcomes.map((outcome) => outcome.reconnects);
      const durations = outcomes.map((outcome) => outcome.durationMs);
      const figures = {
        streams: SIZE.streams,
        tokensPerStream: SIZE.tokens,
        ttlSeconds: TTL_SECONDS,
        cutBytes: CUT_BYTES,
        responsesCut: cuts,
        reconnectsPerStream: {
          min: Math.min(...reconnects),
          p50: percentile(reconnects, 50),
          max: Math.max(...reconnects),
          total: reconnects.reduce((sum, n) => sum + n, 0),
        },
        streamDurationMs: { p50: Math.round(percentile(durations, 50)), max: Math.round(Math.max(...durations)) },
        readerLagBehindProviderMs: { p50: Math.round(percentile(lags, 50)), max: Math.round(Math.max(...lags)) },
        durationMs: Math.round(durationMs),
        cpuMicrosecondsPerToken: Math.round((cpu.user + cpu.system) / (SIZE.streams * SIZE.tokens)),
        redisKeys: { before: keysBefore, allStreamsLive: keysLive, after: keysAfter, expiredWithinMs: expiry.ms },
        heapMB: {
          baseline: mb(heapBefore),
          allStreamsLive: mb(heapLive),
          withResults: mb(heapWithResults),
          after: mb(heapAfter),
        },
      };
      console.log(`[load] ${LOAD_SCALE}: durable streams ${JSON.stringify(figures)}`);
      writeLoadReport('durable', figures);

      // Every reader: done, every token once and in order, its text and usage, despite the cuts.
      expect(outcomes.filter((outcome) => outcome.problem !== undefined)).toEqual([]);
      expect(chain.routeErrors).toEqual([]);
      // A cut is not a stop: one generation per stream, each ran to its end.
      expect(calls).toEqual(Array(SIZE.streams).fill('finished'));
      // Every reader was really cut mid-stream, several times, and came back.
      expect(Math.min(...reconnects)).toBeGreaterThanOrEqual(2);
      expect(openExchanges).toBe(0);
      // They were all in Redis at once, and nothing is left of them after the TTL.
      expect(keysLive).toBe(2 * SIZE.streams);
      expect(keysAfter).toEqual(keysBefore);
      if (!gc) {
        console.warn('[load] no way to force a garbage collection here: the heap is not asserted.');
        return;
      }
      // Back to the baseline: at most 1 MB plus 10% of what the readers' results weighed. A stream leaked on the
      // route (its Redis reader, its response, a pending append) or in a client holds at least its tokens, tens
      // of KB, so a few dozen of them exceed the bound.
      const resultsWeight = heapWithResults - heapBefore;
      expect(resultsWeight).toBeGreaterThan(0);
      expect(heapAfter - heapBefore).toBeLessThan(1_048_576 + 0.1 * resultsWeight);
    },
    SIZE.deadlineMs * 2 + TTL_SECONDS * 1000 + 60_000,
  );
});
