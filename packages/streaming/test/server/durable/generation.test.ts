import type { UIMessageChunk } from 'ai';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { runGeneration } from '../../../src/server/durable/generation.js';
import { memoryStreamLog } from '../../../src/server/log/memory-stream-log.js';
import type { StreamLog } from '../../../src/server/log/stream-log.js';

/** A model's chunk stream that the test feeds by hand. */
function chunkSource() {
  let controller!: ReadableStreamDefaultController<UIMessageChunk>;
  const chunks = new ReadableStream<UIMessageChunk>({
    start(c) {
      controller = c;
    },
  });
  return {
    chunks,
    push: (...list: UIMessageChunk[]) => {
      for (const chunk of list) controller.enqueue(chunk);
    },
    controller,
  };
}

/** Everything in the log for `id`, parsed. */
async function logged(log: StreamLog, id: string) {
  const events = [];
  for await (const event of (await log.read(id, -1, new AbortController().signal)) ?? []) {
    events.push({ seq: event.seq, chunk: JSON.parse(event.data) });
  }
  return events;
}

const ID = 'generation-0000001';
const delta = (text: string): UIMessageChunk => ({ type: 'text-delta', id: 't', delta: text });

afterEach(() => {
  vi.useRealTimers();
});

describe('a generation detached from any request', () => {
  test('logs every chunk in order, its start renamed to the stream id, and resolves at the finish', async () => {
    const log = memoryStreamLog();
    await log.create(ID);
    const source = chunkSource();
    const done = runGeneration({ log, id: ID, chunks: source.chunks, stopModel: () => {}, onLogError: () => {} });
    source.push({ type: 'start', messageId: 'ai-sdk-id' }, delta('Hel'), delta('lo'));
    source.push({ type: 'finish', finishReason: 'stop' });
    await done;
    expect((await logged(log, ID)).map(({ seq, chunk }) => [seq, chunk.type, chunk.messageId ?? chunk.delta])).toEqual([
      [0, 'start', ID],
      [1, 'text-delta', 'Hel'],
      [2, 'text-delta', 'lo'],
      [3, 'finish', undefined],
    ]);
    expect(await log.info(ID)).toMatchObject({ over: true });
  });

  test('chunks that come while an append runs go together in the next one', async () => {
    const log = memoryStreamLog();
    await log.create(ID);
    const batches: number[] = [];
    const slowLog: StreamLog = {
      ...log,
      async append(id, events, final) {
        batches.push(events.length);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return log.append(id, events, final);
      },
    };
    const source = chunkSource();
    const done = runGeneration({
      log: slowLog,
      id: ID,
      chunks: source.chunks,
      stopModel: () => {},
      onLogError: () => {},
    });
    source.push(delta('a'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < 50; i++) source.push(delta(`${i}`));
    source.push({ type: 'finish', finishReason: 'stop' });
    await done;
    expect(batches[0]).toBe(1);
    expect(batches.length).toBeLessThan(5);
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(52);
  });

  test('a model stream that breaks ends the log with an error after the partial text, reported, and the call closed', async () => {
    const log = memoryStreamLog();
    await log.create(ID);
    const source = chunkSource();
    const stopModel = vi.fn();
    const onModelError = vi.fn();
    const done = runGeneration({ log, id: ID, chunks: source.chunks, stopModel, onModelError, onLogError: () => {} });
    source.push(delta('partial'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    source.controller.error(new TypeError('terminated'));
    await done;
    expect((await logged(log, ID)).map(({ chunk }) => chunk.type)).toEqual(['text-delta', 'error']);
    expect(await log.info(ID)).toMatchObject({ over: true });
    expect(onModelError).toHaveBeenCalledWith(expect.objectContaining({ message: 'terminated' }));
    expect(stopModel).toHaveBeenCalledTimes(1);
  });

  test('an error chunk ends the generation and closes the model call, which may still be sending', async () => {
    const log = memoryStreamLog();
    await log.create(ID);
    const source = chunkSource();
    const stopModel = vi.fn();
    const done = runGeneration({ log, id: ID, chunks: source.chunks, stopModel, onLogError: () => {} });
    source.push(delta('partial'), { type: 'error', errorText: 'bad chunk' }, delta('LOST'));
    await done;
    expect((await logged(log, ID)).map(({ chunk }) => chunk.type)).toEqual(['text-delta', 'error']);
    expect(stopModel).toHaveBeenCalledTimes(1);
  });

  test('a stop asked through the log aborts the model call', async () => {
    const log = memoryStreamLog();
    await log.create(ID);
    const source = chunkSource();
    const stopModel = vi.fn(() => source.push({ type: 'abort', reason: 'stopped' }));
    const done = runGeneration({ log, id: ID, chunks: source.chunks, stopModel, onLogError: () => {} });
    source.push(delta('partial'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await log.stop(ID)).toBe(true);
    await done;
    expect(stopModel).toHaveBeenCalledTimes(1);
    // The end says why, not what the abort signal said (the AI SDK's reason is "AbortError: …aborted").
    expect((await logged(log, ID)).map(({ chunk }) => [chunk.type, chunk.reason])).toEqual([
      ['text-delta', undefined],
      ['abort', 'Stopped by a client.'],
    ]);
  });

  test('a stream nobody reads for abandonAfterMs is stopped; one being read is not', async () => {
    const log = memoryStreamLog();
    await log.create(ID);
    await log.create(`${ID}-read`);
    const reading = new AbortController();
    const readEvents = (async () => {
      for await (const _ of (await log.read(`${ID}-read`, -1, reading.signal)) ?? []);
    })();
    const unread = chunkSource();
    const read = chunkSource();
    const stopUnread = vi.fn(() => unread.push({ type: 'abort' }));
    const stopRead = vi.fn();
    const run = (id: string, source: ReturnType<typeof chunkSource>, stopModel: () => void) =>
      runGeneration({ log, id, chunks: source.chunks, stopModel, abandonAfterMs: 100, onLogError: () => {} });
    const unreadDone = run(ID, unread, stopUnread);
    const readDone = run(`${ID}-read`, read, stopRead);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(stopUnread).toHaveBeenCalled();
    expect(stopRead).not.toHaveBeenCalled();
    await unreadDone;
    expect((await logged(log, ID)).at(-1)?.chunk).toEqual({
      type: 'abort',
      reason: 'Stopped: nobody read the stream for 100 ms.',
    });
    read.push({ type: 'finish', finishReason: 'stop' });
    await readDone;
    reading.abort();
    await readEvents;
  });

  test('a log that fails stops the model call and is reported; the model stream closing early is logged as an abort', async () => {
    const log = memoryStreamLog();
    await log.create(ID);
    const failing: StreamLog = { ...log, append: () => Promise.reject(new Error('Redis is down')) };
    const source = chunkSource();
    const stopModel = vi.fn();
    const onLogError = vi.fn();
    const done = runGeneration({ log: failing, id: ID, chunks: source.chunks, stopModel, onLogError });
    source.push(delta('x'));
    await done;
    expect(stopModel).toHaveBeenCalled();
    expect(onLogError).toHaveBeenCalledWith(expect.objectContaining({ message: 'Redis is down' }));

    await log.create(`${ID}-early`);
    const early = chunkSource();
    const closed = runGeneration({ log, id: `${ID}-early`, chunks: early.chunks, stopModel, onLogError });
    early.push(delta('cut'));
    early.controller.close();
    await closed;
    expect((await logged(log, `${ID}-early`)).map(({ chunk }) => chunk.type)).toEqual(['text-delta', 'abort']);
  });
});
