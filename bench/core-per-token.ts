/**
 * `pnpm bench`: what one token costs the core, in time and in memory, and how that changes with stream length.
 *
 * The transport below is in-process and synchronous, so nothing but the core is measured: no network, no parsing.
 * For every throttle × bufferSize × N it reports the median ns per token of 5 runs (after a warm-up) and the heap
 * still retained once the stream ended (handle kept with `end(handle, { keep: true })`, after a full GC).
 * What it should show: a bounded buffer keeps memory flat whatever N (O(bufferSize)), and the per-token cost does
 * not grow with N. A naive peer that rebuilds the whole text on every token shows the O(n²) the core avoids.
 *
 * Run with `node --expose-gc --import tsx bench/core-per-token.ts` (the root `pnpm bench`).
 */
import { getHeapSpaceStatistics } from 'node:v8';
import {
  createStreamingStore,
  type StreamSink,
  type StreamTransport,
  type Throttle,
  type Token,
} from '../packages/streaming/src/core/index.js';

const RUNS = 5;
const WARM_UP_TOKENS = 100_000;
const SETTLE_MS = 20;
const SIZES = [1_000, 100_000, 1_000_000];
const BUFFER_SIZES = [Number.POSITIVE_INFINITY, 1_000, 0];
const THROTTLES: Throttle[] = [false, 'frame'];
/** The naive peer is O(n²): 10,000 tokens already take a while, so it stops there. */
const NAIVE_SIZES = [1_000, 10_000];
/** Token texts come from a small pool, as short as real tokens; the pool is shared, so text bytes are not counted. */
const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.', ' It', ' was', ','];

interface Sample {
  nsPerToken: number;
  retainedBytes: number;
}

const gc = globalThis.gc;
if (gc === undefined) throw new Error('Run with node --expose-gc (as `pnpm bench` does): retained heap needs gc().');

/**
 * Heap in use after a full collection: what is still reachable, not what the last run left to collect.
 * The short wait first lets V8's pending background work land (without it, readings jumped by ±130 KB between
 * identical runs). Code spaces are left out: the JIT compiles and drops code at its own pace, not the stream's.
 */
async function heapAfterGc(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  gc?.();
  gc?.();
  let used = 0;
  for (const space of getHeapSpaceStatistics()) if (!space.space_name.startsWith('code')) used += space.space_used_size;
  return used;
}

/** Calls `sink.token` n times synchronously, then finishes: the fastest possible source, so the core dominates. */
function syncTransport(n: number): StreamTransport {
  return {
    async run(_request, sink) {
      emitTokens(n, sink);
    },
  };
}

function emitTokens(n: number, sink: StreamSink): void {
  for (let i = 0; i < n; i++) sink.token(WORDS[i % WORDS.length] as string);
  sink.metadata({ finishReason: 'stop' });
}

/** One stream of n tokens through a fresh store: from `start` until the final view is published. */
async function coreRun(n: number, bufferSize: number, throttle: Throttle): Promise<Sample> {
  const store = createStreamingStore({ transport: syncTransport(n), bufferSize, throttle });
  const before = await heapAfterGc();
  const startedAt = performance.now();
  const handle = store.start({ prompt: 'bench' });
  const result = await store.end(handle, { keep: true });
  // With 'frame' the last view waits for a 16 ms timer; publishing it now counts its cost without the idle wait.
  store.flush();
  const elapsedMs = performance.now() - startedAt;
  // Measured while `store`, `handle` and `result` are alive, as an app that keeps the handle would hold them.
  const retainedBytes = (await heapAfterGc()) - before;
  if (result.tokenCount !== n || store.getView(handle).status !== 'done') throw new Error('The stream did not finish.');
  store.release(handle);
  return { nsPerToken: (elapsedMs * 1e6) / n, retainedBytes };
}

/** The naive peer: keeps every token in an array and rebuilds the text from all of them on every token. */
async function naiveRun(n: number): Promise<Sample> {
  const tokens: Token[] = [];
  let text = '';
  const before = await heapAfterGc();
  const startedAt = performance.now();
  emitTokens(n, {
    token(delta) {
      tokens.push({ index: tokens.length, text: delta, at: performance.now() - startedAt });
      text = tokens.map((t) => t.text).join('');
    },
    metadata() {},
  });
  const elapsedMs = performance.now() - startedAt;
  const retainedBytes = (await heapAfterGc()) - before;
  if (tokens.length !== n || text.length === 0) throw new Error('The naive peer lost tokens.');
  return { nsPerToken: (elapsedMs * 1e6) / n, retainedBytes };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/** The median of RUNS runs, time and memory apart (robust to a run hit by a GC pause or another process). */
async function measure(run: (n: number) => Promise<Sample>, n: number): Promise<Sample> {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await run(n));
  return {
    nsPerToken: median(samples.map((s) => s.nsPerToken)),
    retainedBytes: median(samples.map((s) => s.retainedBytes)),
  };
}

const formatCount = (n: number): string => (n === Number.POSITIVE_INFINITY ? 'Infinity' : n.toLocaleString('en-US'));
const formatNs = (ns: number): string => ns.toFixed(ns < 100 ? 1 : 0);
function formatBytes(bytes: number): string {
  if (Math.abs(bytes) >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** A plain-text table: left-aligned first columns, right-aligned numbers. */
function printTable(header: string[], rows: string[][], rightFrom: number): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, c) => (c >= rightFrom ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, c) => (c >= rightFrom ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

interface CoreResult extends Sample {
  throttle: Throttle;
  bufferSize: number;
  n: number;
}

async function benchCore(): Promise<CoreResult[]> {
  const results: CoreResult[] = [];
  for (const throttle of THROTTLES) {
    for (const bufferSize of BUFFER_SIZES) {
      // Warm-up: enough tokens for the JIT to optimize this setting's paths before anything is timed.
      await coreRun(WARM_UP_TOKENS, bufferSize, throttle);
      for (const n of SIZES) {
        process.stderr.write(`core: throttle ${String(throttle)}, bufferSize ${formatCount(bufferSize)}, N ${n}…\n`);
        const sample = await measure((m) => coreRun(m, bufferSize, throttle), n);
        results.push({ throttle, bufferSize, n, ...sample });
      }
    }
  }
  return results;
}

async function main(): Promise<void> {
  const started = performance.now();
  const core = await benchCore();

  // The peer and the core on the same N, the core in its closest setting: every token published, nothing dropped.
  const peers: { n: number; naive: Sample; core: Sample }[] = [];
  await naiveRun(NAIVE_SIZES[0] as number); // warm-up, small: the naive peer is too slow for WARM_UP_TOKENS
  for (const n of NAIVE_SIZES) {
    process.stderr.write(`naive peer and core (throttle false, bufferSize Infinity), N ${n}…\n`);
    peers.push({ n, naive: await measure(naiveRun, n), core: await measure((m) => coreRun(m, Infinity, false), n) });
  }

  console.log(
    `\nCore per-token cost and retained heap (median of ${RUNS} runs after a warm-up, Node ${process.version})\n`,
  );
  const rows = core.map(({ throttle, bufferSize, n, nsPerToken, retainedBytes }) => [
    String(throttle),
    formatCount(bufferSize),
    formatCount(n),
    formatNs(nsPerToken),
    formatBytes(retainedBytes),
    (retainedBytes / n).toFixed(1),
  ]);
  printTable(['throttle', 'bufferSize', 'N tokens', 'ns/token', 'retained heap', 'heap bytes/token'], rows, 2);
  console.log(
    '\nns/token runs from start() until the final view is published. At N = 1,000 a run lasts about a millisecond:',
  );
  console.log('it includes the fixed cost of a stream (start, end, promise hops) and is the noisiest row.');
  console.log('Retained heap varies by about ±20 KB between runs.');

  console.log('\nNaive peer: tokens in an array, text = tokens.map(t => t.text).join("") on every token\n');
  printTable(
    ['N tokens', 'naive ns/token', 'core ns/token', 'naive / core', 'naive heap', 'core heap'],
    peers.map(({ n, naive, core: c }) => [
      formatCount(n),
      formatNs(naive.nsPerToken),
      formatNs(c.nsPerToken),
      `${(naive.nsPerToken / c.nsPerToken).toFixed(1)}x`,
      formatBytes(naive.retainedBytes),
      formatBytes(c.retainedBytes),
    ]),
    1,
  );
  console.log(`\nTotal time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
