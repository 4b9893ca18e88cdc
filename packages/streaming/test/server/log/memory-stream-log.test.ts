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

  test("a chat's stream goes with its stream: after its TTL, or when it makes room; a newer one stays", async () => {
    vi.useFakeTimers();
    const log = memoryStreamLog({ ttlMs: 1_000, maxStreams: 2 });
    await log.create('first', { chatId: 'chat' });
    await log.append('first', ['x'], true);
    await vi.advanceTimersByTimeAsync(500);
    await log.create('second', { chatId: 'chat' });
    await vi.advanceTimersByTimeAsync(500);
    expect(await log.info('first')).toBeUndefined();
    expect(await log.chatStream('chat')).toBe('second');
    await log.append('second', ['x'], true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await log.chatStream('chat')).toBeUndefined();

    await log.create('old', { chatId: 'other' });
    await log.append('old', ['x'], true);
    await log.create('running');
    await log.create('new');
    expect(await log.chatStream('other')).toBeUndefined();
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
