/**
 * Shared helpers of the benchmarks (the browser runner's Node side uses them too): statistics, heap readings, tables
 * and result files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO_DIR = dirname(BENCH_DIR);
export const RESULTS_DIR = join(BENCH_DIR, 'results');

/** A target checked from one run's figures; `actual` and `limit` are already formatted for the table. */
export interface Target {
  name: string;
  actual: string;
  limit: string;
  pass: boolean;
}

/** What every bench hands back: markdown tables for the console and RESULTS.md, targets, and raw data for JSON. */
export interface BenchOutput {
  name: string;
  title: string;
  tables: string[];
  notes: string[];
  targets: Target[];
  data: unknown;
}

/** The median of the finite values (NaN for none): a browser run that failed a measure records NaN and is skipped. */
export const median = (values: number[]): number => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

// The load tests' nearest-rank percentile (p in 0–100), so that the benches and the tests read tails alike.
export { percentile } from '../../test/support/load-kit.js';

/** The tokens the Node benches stream, in turn: one list, so that every bench streams the same text. */
export const WORDS = [
  'The',
  ' quick',
  ' brown',
  ' fox',
  ' jumps',
  ' over',
  ' the',
  ' lazy',
  ' dog',
  '.',
  ' It',
  ' was',
  ',',
];

const gc = globalThis.gc;

/**
 * Heap in use after a full collection, code spaces left out (the JIT compiles at its own pace, not the stream's).
 * The short wait lets V8's background work land first; without it readings jump by ±100 KB.
 */
export async function heapAfterGc(): Promise<number> {
  if (gc === undefined) throw new Error('Run with node --expose-gc (as `pnpm bench` does).');
  await new Promise((resolve) => setTimeout(resolve, 20));
  return heapNow();
}

/** The same reading, synchronous: for use inside a running stream, where awaiting would change what is measured. */
export function heapNow(): number {
  gc?.();
  gc?.();
  let used = 0;
  for (const space of getHeapSpaceStatistics()) if (!space.space_name.startsWith('code')) used += space.space_used_size;
  return used;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');
export const formatNs = (ns: number): string => ns.toFixed(ns < 100 ? 1 : 0);
export const formatMs = (ms: number): string => ms.toFixed(ms < 10 ? 3 : 1);
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** A markdown table that also reads well in a terminal: first `rightFrom` columns left-aligned, numbers right. */
export function table(header: string[], rows: string[][], rightFrom = 1): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, c) => (c >= rightFrom ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join(' | ')} |`;
  // The rule row as Biome formats markdown, so that `pnpm lint` accepts the generated bench/RESULTS.md.
  const rule = `| ${widths.map((w, c) => (c >= rightFrom ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export const targetsTable = (targets: Target[]): string =>
  table(
    ['target', 'measured', 'limit', 'holds'],
    targets.map((t) => [t.name, t.actual, t.limit, t.pass ? 'yes' : 'NO']),
    1,
  );

export const machine = (): string =>
  `Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`;

/** Prints a bench's tables and writes `bench/results/node-<output.name>.json` (gitignored: only RESULTS.md is kept). */
export function report(output: BenchOutput): void {
  console.log(`\n## ${output.title}\n`);
  for (const t of output.tables) console.log(`${t}\n`);
  for (const n of output.notes) console.log(`- ${n}`);
  console.log(`\n${targetsTable(output.targets)}\n`);
  const file = join(RESULTS_DIR, `node-${output.name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...output, machine: machine(), at: new Date().toISOString() }, null, 2)}\n`);
}

export const progress = (message: string): boolean => process.stderr.write(`${message}\n`);
