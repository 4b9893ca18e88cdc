import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

/** `pnpm test:load` sets LOAD_SCALE=full; `pnpm test` runs the load tests at the size CI has time for. */
export const LOAD_SCALE: 'full' | 'ci' = process.env.LOAD_SCALE === 'full' ? 'full' : 'ci';

const REPORT = fileURLToPath(new URL('../../test-results/load.json', import.meta.url));

/**
 * Records a scenario's figures in test-results/load.json, under its scale (`ci` or `full`), keeping the other
 * entries: `{ full: { concurrent: {...}, aborts: {...} }, ci: {...} }`.
 */
export function writeLoadReport(scenario: string, figures: Record<string, unknown>): void {
  let report: Record<string, Record<string, unknown>> = {};
  try {
    report = JSON.parse(readFileSync(REPORT, 'utf8')) as typeof report;
  } catch {
    // No report yet (or an unreadable one): start afresh.
  }
  report[LOAD_SCALE] = { ...report[LOAD_SCALE], [scenario]: { ...figures, at: new Date().toISOString() } };
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * A function that forces a full garbage collection: `global.gc` when Node runs with --expose-gc, else one
 * obtained by turning the flag on at run time. Undefined when neither works (then memory is not asserted).
 */
export function forcedGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** heapUsed after a few full collections, with turns of the event loop between them (finalizers, weak refs). */
export async function settledHeapUsed(gc: () => void): Promise<number> {
  for (let round = 0; round < 4; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  gc();
  return process.memoryUsage().heapUsed;
}

/** Polls `check` every 25 ms until it holds or `timeoutMs` passed; answers whether it held. */
export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;

/** The value at percentile `p` (0–100) of the values, nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}
