import { describe, expect, test } from 'vitest';
import { logResponse } from '../../../src/server/durable/log-response.js';
import { lastEventIdOf, streamAddressOf } from '../../../src/server/durable/stream-address.js';
import { memoryStreamLog } from '../../../src/server/log/memory-stream-log.js';
import type { RouteError } from '../../../src/server/route-error.js';

const ID = 'log-response-00001';

describe('a reader’s answer from the log', () => {
  test('replays the events after the position with their ids, follows live ones, then [DONE]', async () => {
    const log = memoryStreamLog();
    await log.create(ID);
    await log.append(ID, ['{"type":"start"}', '{"type":"text-delta","id":"t","delta":"a"}'], false);
    const response = await logResponse(log, ID, 0, new AbortController().signal, {});
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = response.text();
    await log.append(ID, ['{"type":"finish"}'], true);
    expect(await text).toBe(
      'id: 1\ndata: {"type":"text-delta","id":"t","delta":"a"}\n\nid: 2\ndata: {"type":"finish"}\n\ndata: [DONE]\n\n',
    );
  });

  test('an unknown stream is a 404; a position past the end a 400', async () => {
    const log = memoryStreamLog();
    await log.create(ID);
    await log.append(ID, ['{"type":"start"}'], false);
    const refused = async (after: number, id = ID) =>
      logResponse(log, id, after, new AbortController().signal, {}).catch((error: RouteError) => [
        error.status,
        error.code,
      ]);
    expect(await refused(-1, 'no-such-stream-0001')).toEqual([404, 'unknown-stream']);
    expect(await refused(1)).toEqual([400, 'invalid-request']);
    expect(await refused(0)).toBeInstanceOf(Response);
  });
});

describe('which stream and position a request names', () => {
  const request = (url: string, lastEventId?: string) =>
    new Request(url, lastEventId === undefined ? {} : { headers: { 'last-event-id': lastEventId } });

  test('the id from ?id= or the last path segment, checked', () => {
    expect(streamAddressOf(request('http://x/api/stream/abcdefghijklmnop'))).toEqual({ streamId: 'abcdefghijklmnop' });
    expect(streamAddressOf(request('http://x/api/stream?id=abcdefghijklmnop'))).toEqual({
      streamId: 'abcdefghijklmnop',
    });
    for (const bad of [
      'http://x/api/stream/short',
      'http://x/api/stream/has%20space%20in%20it!',
      'http://x/api/stream',
      'http://x/stream',
    ])
      expect(() => streamAddressOf(request(bad))).toThrow(expect.objectContaining({ status: 400, field: 'id' }));
  });

  test("a chat's resume request, <route>/<chatId>/stream, names the chat; a bad chat id is a 400", () => {
    expect(streamAddressOf(request('http://x/api/chat/chat-abcdefghijklm/stream'))).toEqual({
      chatId: 'chat-abcdefghijklm',
    });
    // useChat keeps the route's query after the path it adds.
    expect(streamAddressOf(request('http://x/api/chat/chat-abcdefghijklm/stream?team=a'))).toEqual({
      chatId: 'chat-abcdefghijklm',
    });
    for (const bad of ['http://x/api/chat/short/stream', 'http://x/api/chat/has%20space%20in%20it!/stream'])
      expect(() => streamAddressOf(request(bad))).toThrow(expect.objectContaining({ status: 400, field: 'id' }));
  });

  test.each(['http://x/api/stream/%E0%A4%A', 'http://x/api/stream/%E0%A4%A/stream'])(
    'a malformed escape in %s is a 400, not a failure of the route',
    (url) => {
      expect(() => streamAddressOf(request(url))).toThrow(expect.objectContaining({ status: 400, field: 'id' }));
    },
  );

  test.each(['-2', '1.5', 'abc', '1e3', '99999999999999999999', ' 3x'])('Last-Event-ID %j is a 400', (value) => {
    expect(() => lastEventIdOf(request('http://x/api/stream/abcdefghijklmnop', value))).toThrow(
      expect.objectContaining({ status: 400, field: 'Last-Event-ID' }),
    );
  });

  test('Last-Event-ID, or ?after=, or nothing (-1: from the start)', () => {
    expect(lastEventIdOf(request('http://x/s/abcdefghijklmnop', '7'))).toBe(7);
    expect(lastEventIdOf(request('http://x/s/abcdefghijklmnop?after=3'))).toBe(3);
    expect(lastEventIdOf(request('http://x/s/abcdefghijklmnop'))).toBe(-1);
    expect(lastEventIdOf(request('http://x/s/abcdefghijklmnop', '-1'))).toBe(-1);
  });
});
