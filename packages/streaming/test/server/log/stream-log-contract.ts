import type { LoggedEvent, StreamLog } from '@tokenflow/streaming/server';
import { describe, expect, test } from 'vitest';

/** Reads a stream until it ends or `count` events came, whichever is first. */
async function take(events: AsyncIterable<LoggedEvent> | undefined, count = Number.POSITIVE_INFINITY) {
  const taken: LoggedEvent[] = [];
  if (events === undefined) throw new Error('no such stream');
  for await (const event of events) {
    taken.push(event);
    if (taken.length >= count) break;
  }
  return taken;
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What every StreamLog must do, run against each implementation (the memory log, the Redis log): the same tests,
 * so they answer readers the same way.
 */
export function describeStreamLog(name: string, makeLog: () => StreamLog | Promise<StreamLog>, ids: () => string) {
  describe(`${name}: the StreamLog contract`, () => {
    test('create reserves an id once; events are numbered from 0 in the order appended', async () => {
      const log = await makeLog();
      const id = ids();
      expect(await log.create(id)).toBe(true);
      expect(await log.create(id)).toBe(false);
      await log.append(id, ['a', 'b'], false);
      await log.append(id, ['c'], true);
      const read = await take(await log.read(id, -1, new AbortController().signal));
      expect(read).toEqual([
        { seq: 0, data: 'a' },
        { seq: 1, data: 'b' },
        { seq: 2, data: 'c' },
      ]);
      expect(await log.info(id)).toMatchObject({ events: 3, over: true });
      await expect(log.append(id, ['late'], false)).rejects.toThrow();
    });

    test('a read from a position replays exactly the events after it, then follows live ones to the end', async () => {
      const log = await makeLog();
      const id = ids();
      await log.create(id);
      await log.append(id, ['0', '1', '2'], false);
      const reading = take(await log.read(id, 1, new AbortController().signal));
      await later(20);
      await log.append(id, ['3'], false);
      await later(20);
      await log.append(id, ['4', '5'], true);
      expect((await reading).map((event) => event.seq)).toEqual([2, 3, 4, 5]);
      // Past the end: nothing, and the read ends at once.
      expect(await take(await log.read(id, 5, new AbortController().signal))).toEqual([]);
    });

    test('several readers follow one stream and each gets every event once', async () => {
      const log = await makeLog();
      const id = ids();
      await log.create(id);
      await log.append(id, ['e0'], false);
      const reads = await Promise.all([-1, -1, 0].map((after) => log.read(id, after, new AbortController().signal)));
      const readers = reads.map((events) => take(events));
      for (let i = 1; i < 20; i++) await log.append(id, [`e${i}`], i === 19);
      const [first, second, third] = await Promise.all(readers);
      expect(first?.map((event) => event.data)).toEqual(Array.from({ length: 20 }, (_, i) => `e${i}`));
      expect(second).toEqual(first);
      expect(third).toEqual(first?.slice(1));
    });

    test('an aborted read ends without waiting for the stream', async () => {
      const log = await makeLog();
      const id = ids();
      await log.create(id);
      await log.append(id, ['only'], false);
      const controller = new AbortController();
      const reading = take(await log.read(id, -1, controller.signal));
      await later(20);
      controller.abort();
      expect(await reading).toEqual([{ seq: 0, data: 'only' }]);
      expect((await log.info(id))?.over).toBe(false);
    });

    test('an unknown stream reads as undefined and cannot be stopped', async () => {
      const log = await makeLog();
      expect(await log.read(ids(), -1, new AbortController().signal)).toBeUndefined();
      expect(await log.info(ids())).toBeUndefined();
      expect(await log.stop(ids())).toBe(false);
    });

    test('a chat names its current stream: the last one created for it, kept while the stream is', async () => {
      const log = await makeLog();
      const [chat, otherChat, first, second, plain] = [ids(), ids(), ids(), ids(), ids()];
      expect(await log.chatStream(chat)).toBeUndefined();
      expect(await log.create(first, { chatId: chat })).toBe(true);
      expect(await log.chatStream(chat)).toBe(first);
      await log.append(first, ['done'], true);
      // Over, and still kept for late readers: still the chat's (the route tells running from over by info).
      expect(await log.chatStream(chat)).toBe(first);
      expect(await log.create(second, { chatId: chat })).toBe(true);
      expect(await log.create(plain)).toBe(true);
      expect(await log.chatStream(chat)).toBe(second);
      expect(await log.chatStream(otherChat)).toBeUndefined();
      // A create that finds its id taken changes nothing, the chat's stream neither.
      expect(await log.create(first, { chatId: otherChat })).toBe(false);
      expect(await log.chatStream(otherChat)).toBeUndefined();
    });

    test('a stop reaches the watcher of a running stream, once; a finished stream cannot be stopped', async () => {
      const log = await makeLog();
      const id = ids();
      await log.create(id);
      let stops = 0;
      const unwatch = await log.watchStop(id, () => stops++);
      expect(await log.stop(id)).toBe(true);
      await expect.poll(() => stops).toBe(1);
      unwatch();
      await log.append(id, ['aborted'], true);
      expect(await log.stop(id)).toBe(false);
    });
  });
}
