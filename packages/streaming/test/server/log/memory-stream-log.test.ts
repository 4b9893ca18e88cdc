import { memoryStreamLog } from '@tokenflow/streaming/server';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { describeStreamLog } from './stream-log-contract.js';

let counter = 0;
describeStreamLog(
  'memoryStreamLog',
  () => memoryStreamLog(),
  () => `id-${++counter}`,
);

describe('memoryStreamLog bounds', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('a finished stream is kept for ttlMs, then reads as unknown', async () => {
    vi.useFakeTimers();
    const log = memoryStreamLog({ ttlMs: 1_000 });
    await log.create('s');
    await log.append('s', ['x'], true);
    await vi.advanceTimersByTimeAsync(999);
    expect(await log.info('s')).toMatchObject({ events: 1, over: true });
    await vi.advanceTimersByTimeAsync(1);
    expect(await log.info('s')).toBeUndefined();
  });

  test('past maxStreams the oldest finished stream makes room; running ones are never dropped', async () => {
    const log = memoryStreamLog({ maxStreams: 2 });
    await log.create('old');
    await log.append('old', ['x'], true);
    await log.create('running');
    expect(await log.create('new')).toBe(true);
    expect(await log.info('old')).toBeUndefined();
    expect(await log.create('one too many')).toBe(false);
    expect(await log.info('running')).toMatchObject({ over: false });
  });
});
