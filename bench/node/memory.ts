/**
 * Memory: (a) heap growth from before one stream to its end (all tokens appended, stream still open) for 10k, 100k
 * and 1M tokens, with `bufferSize: 1000` (should be flat) and the default unbounded buffer (for contrast); (b) the heap
 * after 10,000 start/end cycles against the heap before.
 */
import { createStreamingStore, type StreamTransport } from '../../packages/streaming/src/core/index.js';
import {
  type BenchOutput,
  formatBytes,
  formatCount,
  heapAfterGc,
  heapNow,
  median,
  progress,
  type Target,
  table,
  WORDS,
} from './lib.js';

const SIZES = [10_000, 100_000, 1_000_000];
const RUNS = 3;
const CYCLES = 10_000;
const CYCLE_TOKENS = 20;
const FEW_MB = 2 * 1024 * 1024;

/** Heap growth from before `start` to the moment the last token is in (GC'd inside the transport, stream open). */
async function liveHeap(n: number, bufferSize: number): Promise<number> {
  let atEnd = 0;
  const transport: StreamTransport = {
    async run(_request, sink) {
      for (let i = 0; i < n; i++) sink.token(WORDS[i % WORDS.length] as string);
      atEnd = heapNow();
      sink.metadata({ finishReason: 'stop' });
    },
  };
  const store = createStreamingStore({ transport, bufferSize });
  const before = await heapAfterGc();
  const handle = store.start({ prompt: 'bench' });
  await store.end(handle);
  store.flush();
  return atEnd - before;
}

/** 10,000 short streams started and ended one after another in one store, as an app does over a long session. */
async function cycles(): Promise<{ before: number; after: number }> {
  const transport: StreamTransport = {
    async run(_request, sink) {
      for (let i = 0; i < CYCLE_TOKENS; i++) sink.token(WORDS[i % WORDS.length] as string);
      sink.metadata({ finishReason: 'stop', usage: { inputTokens: 3, outputTokens: CYCLE_TOKENS, totalTokens: 23 } });
    },
  };
  // Released on the next task once ended and unread, so steady state is reached at once (the default keeps each
  // ended handle 5 minutes, which is not a leak but would hide one here).
  const store = createStreamingStore({ transport, releaseAfterMs: 0 });
  const cycle = async () => {
    const handle = store.start({ prompt: 'bench' });
    await store.end(handle);
  };
  // Warm-up, so that steady state is compared.
  for (let i = 0; i < 500; i++) await cycle();
  store.flush();
  const before = await heapAfterGc();
  for (let i = 0; i < CYCLES; i++) await cycle();
  store.flush();
  const after = await heapAfterGc();
  return { before, after };
}

export async function benchMemory(): Promise<BenchOutput> {
  const live: Record<string, Record<number, number>> = { '1000': {}, Infinity: {} };
  for (const bufferSize of [1_000, Number.POSITIVE_INFINITY]) {
    await liveHeap(100_000, bufferSize); // warm-up
    for (const n of SIZES) {
      progress(`memory: bufferSize ${bufferSize}, N ${formatCount(n)}…`);
      const samples: number[] = [];
      for (let r = 0; r < RUNS; r++) samples.push(await liveHeap(n, bufferSize));
      (live[String(bufferSize)] as Record<number, number>)[n] = median(samples);
    }
  }
  progress(`memory: ${formatCount(CYCLES)} start/end cycles…`);
  const { before, after } = await cycles();

  const bounded = live['1000'] as Record<number, number>;
  const spread = Math.max(...SIZES.map((n) => bounded[n] ?? 0)) - Math.min(...SIZES.map((n) => bounded[n] ?? 0));
  const targets: Target[] = [
    {
      name: 'bufferSize 1000: heap spread over 10k/100k/1M',
      actual: formatBytes(spread),
      limit: '≤ 256 KB (flat)',
      pass: spread <= 256 * 1024,
    },
    {
      name: `heap after ${formatCount(CYCLES)} start/end cycles − before`,
      actual: formatBytes(after - before),
      limit: `≤ ${formatBytes(FEW_MB)}`,
      pass: after - before <= FEW_MB,
    },
  ];
  return {
    name: 'memory',
    title: `Memory after GC: heap growth over one stream (median of ${RUNS}); heap before and after ${formatCount(CYCLES)} cycles`,
    tables: [
      table(
        ['bufferSize', ...SIZES.map((n) => `${formatCount(n)} tokens`)],
        Object.entries(live).map(([size, bySize]) => [size, ...SIZES.map((n) => formatBytes(bySize[n] ?? Number.NaN))]),
      ),
      table(
        ['start/end cycles', 'heap before', 'heap after', 'difference'],
        [[formatCount(CYCLES), formatBytes(before), formatBytes(after), formatBytes(after - before)]],
      ),
    ],
    notes: [
      'Stream heap: growth from before start() to the last token appended (stream still open, GC forced inside the transport).',
      `Cycles: ${CYCLE_TOKENS} tokens each, default options, each ended with end(); measured after 500 warm-up cycles.`,
    ],
    targets,
    data: { liveHeapBytes: live, cycles: { count: CYCLES, before, after } },
  };
}
