/**
 * Core cost per token: what `sink.token(text)` costs inside the store (append to the buffer, call the listeners,
 * mark the view dirty), at 1k, 100k and 1M tokens in one stream, against peers that read the same token array in
 * the same run. Only the token loop is timed (start and end of a stream are fixed costs, not per-token ones).
 *
 * Peers:
 * - plain read: `chars += tokens[i].length`, the floor the issue names;
 * - sink call: the same transport loop calling a sink that only counts, i.e. the cost of the call itself;
 * - clock read: one `performance.now()` per token, the least a store that gives each token its arrival time (the
 *   Token contract's `at`) must do: the floor for the core;
 * - token objects: a naive store of one object per token, `{ index, text, at: performance.now() }` (what the Token
 *   contract describes): a reference to compare with, not a floor (its garbage makes it slower than the core at 1M).
 */
import { createStreamingStore, type StreamTransport, type Token } from '../../packages/streaming/src/core/index.js';
import { FRAME_FLUSH_GAP_MS } from '../../packages/streaming/src/core/scheduler.js';
import { type BenchOutput, formatCount, formatNs, median, progress, type Target, table, WORDS } from './lib.js';

const SIZES = [1_000, 100_000, 1_000_000];
/** Repetitions per size: a 1k run lasts microseconds and needs many samples; a 1M run lasts tens of ms. */
const RUNS: Record<number, number> = { 1000: 301, 100000: 31, 1000000: 11 };

/** Written by every loop and printed at the end, so the JIT cannot drop the work as dead code. */
let sinkhole = 0;

const tokenArray = (n: number): string[] => Array.from({ length: n }, (_, i) => WORDS[i % WORDS.length] as string);

/** ns per token of one pass of the token loop through a fresh store with one function listener. */
async function coreRun(tokens: string[], bufferSize: number): Promise<number> {
  let elapsed = 0;
  const transport: StreamTransport = {
    async run(_request, sink) {
      const started = performance.now();
      for (let i = 0; i < tokens.length; i++) sink.token(tokens[i] as string);
      elapsed = performance.now() - started;
      sink.metadata({ finishReason: 'stop' });
    },
  };
  const store = createStreamingStore({
    transport,
    bufferSize,
    onToken: (token) => {
      sinkhole += token.index;
    },
  });
  const handle = store.start({ prompt: 'bench' });
  const result = await store.end(handle);
  store.flush(); // publish now: the 'frame' throttle's pending timer (no frames in Node) would outlive the run
  if (result.tokenCount !== tokens.length) throw new Error('The core lost tokens.');
  return (elapsed * 1e6) / tokens.length;
}

function plainRead(tokens: string[]): number {
  const started = performance.now();
  let chars = 0;
  for (let i = 0; i < tokens.length; i++) chars += (tokens[i] as string).length;
  const elapsed = performance.now() - started;
  sinkhole += chars;
  return (elapsed * 1e6) / tokens.length;
}

function sinkCall(tokens: string[]): number {
  let chars = 0;
  const sink = { token: (text: string) => (chars += text.length) };
  const started = performance.now();
  for (let i = 0; i < tokens.length; i++) sink.token(tokens[i] as string);
  const elapsed = performance.now() - started;
  sinkhole += chars;
  return (elapsed * 1e6) / tokens.length;
}

function clockRead(tokens: string[]): number {
  let sum = 0;
  const started = performance.now();
  for (let i = 0; i < tokens.length; i++) sum += performance.now();
  const elapsed = performance.now() - started;
  sinkhole += sum > 0 ? 1 : 0;
  return (elapsed * 1e6) / tokens.length;
}

function tokenObjects(tokens: string[]): number {
  const kept: Token[] = [];
  const startClock = performance.now();
  for (let i = 0; i < tokens.length; i++)
    kept.push({ kind: 'text', index: i, text: tokens[i] as string, at: performance.now() - startClock });
  const elapsed = performance.now() - startClock;
  sinkhole += kept.length;
  return (elapsed * 1e6) / tokens.length;
}

type Impl = { name: string; run: (tokens: string[]) => number | Promise<number> };
const IMPLS: Impl[] = [
  { name: 'core (bufferSize Infinity)', run: (t) => coreRun(t, Number.POSITIVE_INFINITY) },
  { name: 'core (bufferSize 1000)', run: (t) => coreRun(t, 1_000) },
  { name: 'plain read', run: plainRead },
  { name: 'sink call', run: sinkCall },
  { name: 'clock read', run: clockRead },
  { name: 'token objects', run: tokenObjects },
];

export async function benchCorePerToken(): Promise<BenchOutput> {
  const ns: Record<string, Record<number, number>> = {};
  for (const impl of IMPLS) ns[impl.name] = {};
  // Warm-up: every path optimized by the JIT before anything is timed.
  const warm = tokenArray(100_000);
  for (let i = 0; i < 5; i++) for (const impl of IMPLS) await impl.run(warm);

  for (const n of SIZES) {
    progress(`core-per-token: N ${formatCount(n)}…`);
    const tokens = tokenArray(n);
    const samples: Record<string, number[]> = Object.fromEntries(IMPLS.map((impl) => [impl.name, []]));
    // One block per implementation, each opened by a few unrecorded runs: they absorb the garbage the previous
    // block left (interleaving A B C let one run pay for another's garbage: ±3x at 100k; a forced GC before
    // every sample was worse, as V8 then drops optimized code and the next 1k run is interpreted).
    for (const impl of IMPLS) {
      const runs = RUNS[n] as number;
      for (let r = 0; r < Math.ceil(runs / 5); r++) await impl.run(tokens);
      for (let r = 0; r < runs; r++) samples[impl.name]?.push(await impl.run(tokens));
    }
    for (const impl of IMPLS) (ns[impl.name] as Record<number, number>)[n] = median(samples[impl.name] ?? []);
  }

  const at = (name: string, n: number): number => ns[name]?.[n] ?? Number.NaN;
  const rows = IMPLS.map(({ name }) => [
    name,
    ...SIZES.map((n) => formatNs(at(name, n))),
    `${(at(name, 1_000_000) / at(name, 1_000)).toFixed(2)}x`,
  ]);
  const plain = (n: number) => at('plain read', n);
  const ratios = ['core (bufferSize Infinity)', 'core (bufferSize 1000)'].map((name) => [
    name,
    ...SIZES.map((n) => `${(at(name, n) / plain(n)).toFixed(1)}x`),
    ...SIZES.map((n) => `${(at(name, n) / at('clock read', n)).toFixed(1)}x`),
  ]);

  const targets: Target[] = [];
  for (const name of ['core (bufferSize Infinity)', 'core (bufferSize 1000)']) {
    const growth = at(name, 1_000_000) / at(name, 1_000);
    targets.push({
      name: `${name}: ns/token at 1M vs 1k`,
      actual: `${growth.toFixed(2)}x`,
      limit: '≤ 1.5x',
      pass: growth <= 1.5,
    });
    const vsPlain = at(name, 1_000_000) / plain(1_000_000);
    targets.push({
      name: `${name}: vs plain read at 1M`,
      actual: `${vsPlain.toFixed(1)}x`,
      limit: '≤ 3x',
      pass: vsPlain <= 3,
    });
  }
  // The issue's plain-loop target cannot hold for a store that timestamps its tokens: the clock read alone costs
  // tens of times the plain read (see the table). The nearest honest target: the same 3x, over that floor.
  for (const name of ['core (bufferSize Infinity)', 'core (bufferSize 1000)']) {
    const vsClock = at(name, 1_000_000) / at('clock read', 1_000_000);
    targets.push({
      name: `(proposed) ${name}: vs clock read at 1M`,
      actual: `${vsClock.toFixed(1)}x`,
      limit: '≤ 3x',
      pass: vsClock <= 3,
    });
  }
  progress(`(checksum ${sinkhole})`);

  return {
    name: 'core-per-token',
    title: 'Core cost per token (median ns/token of the token loop)',
    tables: [
      table(['implementation', ...SIZES.map((n) => `${formatCount(n)} tokens`), '1M / 1k'], rows),
      table(
        [
          'ratio',
          ...SIZES.map((n) => `vs plain read ${formatCount(n)}`),
          ...SIZES.map((n) => `vs clock read ${formatCount(n)}`),
        ],
        ratios,
      ),
    ],
    notes: [
      `Runs per size: ${SIZES.map((n) => `${formatCount(n)}: ${RUNS[n]}`).join(', ')}; each after a 5 × 100k-token warm-up.`,
      `The core runs with its defaults and one function listener. Throttle "frame" in Node (no animation frames): the first change after a quiet spell is published at once, later ones at most every ${FRAME_FLUSH_GAP_MS} ms on a timer, not per token.`,
      '"clock read" is the floor: one clock read per token, which every token\'s arrival time needs. "token objects" is a naive store of one object per token: a reference, not a floor (at 1M its garbage makes it slower than the core).',
    ],
    targets,
    data: { sizes: SIZES, runs: RUNS, nsPerToken: ns },
  };
}
