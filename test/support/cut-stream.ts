import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';

/**
 * Helpers to deliver a byte stream cut exactly where a test says, over real HTTP on 127.0.0.1.
 *
 * TCP does not keep write boundaries: two pieces written back to back may reach the reader as one read, and the cut
 * between them is lost. So the writer waits, after each piece, until the reader's fetch has handed that piece on
 * (`ReadReceipts.waitFor`) before it writes the next one: each piece then arrives alone, and every cut is one the
 * reader really sees. Writer and reader live in the same process (the test), so the receipt needs no back channel.
 */

/** Splits bytes at these offsets (any order, duplicates and out-of-range offsets ignored). */
export function cutAt(bytes: Uint8Array, offsets: Iterable<number>): Uint8Array[] {
  const cuts = [...new Set(offsets)].filter((offset) => offset > 0 && offset < bytes.length).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.subarray(start, cut));
    start = cut;
  }
  return pieces.filter((piece) => piece.length > 0);
}

/** Where a plan cuts a body, and which kind of plan it is (for a failure's report). */
export interface CutPlan {
  kind: string;
  offsets: number[];
}

const offsetsWhere = (bytes: Uint8Array, test: (byte: number) => boolean): number[] => {
  const offsets: number[] = [];
  bytes.forEach((byte, index) => {
    if (test(byte)) offsets.push(index);
  });
  return offsets;
};

/** A dense, random selection of candidate offsets: every `stride`-th one from `start`. */
const selection = (kind: string, candidates: number[]): fc.Arbitrary<CutPlan> =>
  fc
    .tuple(fc.integer({ min: 1, max: 8 }), fc.nat())
    .map(([stride, start]) => ({ kind, offsets: candidates.filter((_, i) => (i + start) % stride === 0) }));

/**
 * Cut plans for a body: random offsets (20 to 400 of them), inside multibyte UTF-8 characters, around the SSE line
 * structure (before and after CR and LF, between a CR and its LF, inside "data: " and "event: "), and, when
 * `bytewise`, every byte.
 */
export function cutPlans(body: Uint8Array, { bytewise }: { bytewise: boolean }): fc.Arbitrary<CutPlan> {
  const random = fc
    .uniqueArray(fc.integer({ min: 1, max: body.length - 1 }), {
      minLength: Math.min(20, body.length - 1),
      maxLength: 400,
      size: 'max',
    })
    .map((offsets) => ({ kind: 'random', offsets }));
  // Before a continuation byte (10xxxxxx) is inside a UTF-8 sequence.
  const inside = offsetsWhere(body, (byte) => byte >= 0x80 && byte < 0xc0);
  const lines = offsetsWhere(body, (byte) => byte === 0x0a || byte === 0x0d).flatMap((i) => [
    i,
    i + 1,
    i + 2,
    i + 4,
    i + 5,
    i + 6,
  ]);
  const plans: fc.Arbitrary<CutPlan>[] = [random, selection('SSE lines', lines)];
  if (inside.length > 0) plans.push(selection('inside UTF-8', inside));
  if (bytewise) plans.push(fc.constant({ kind: 'every byte', offsets: Array.from(body.keys()) }));
  return fc.oneof(...plans);
}

/** How long a writer waits for a receipt before writing anyway (it then counts a `late` piece). */
const RECEIPT_TIMEOUT_MS = 2_000;

/**
 * A fetch for the reading side that counts the body bytes of its latest response as its caller reads them, and
 * lets a writer wait for them. Also records the size of every read, and how many pieces a writer had to send
 * without a receipt (`late`: then two pieces may have merged). Once the reader cancels the body (it stops at the
 * finish chunk), every wait ends at once.
 */
export function readReceipts(base: typeof fetch = globalThis.fetch) {
  let received = 0;
  // The reader stopped reading (it had the finish chunk, and what follows cannot change the answer): nothing
  // more will be read, so a writer waits for nothing.
  let cancelled = false;
  let waiters: { bytes: number; resolve: (arrived: boolean) => void }[] = [];
  const stats = { reads: 0, late: 0 };
  const notify = () => {
    waiters = waiters.filter((waiter) => {
      if (received < waiter.bytes && !cancelled) return true;
      waiter.resolve(true);
      return false;
    });
  };
  const receiptFetch: typeof fetch = async (input, init) => {
    received = 0;
    cancelled = false;
    const response = await base(input, init);
    if (response.body === null) return response;
    const source = response.body.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await source.read();
          if (done) {
            controller.close();
            return;
          }
          received += value.byteLength;
          stats.reads++;
          controller.enqueue(value);
          notify();
        },
        cancel: (reason) => {
          cancelled = true;
          notify();
          return source.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return {
    fetch: receiptFetch,
    stats,
    /** Resolves once the reader has read `bytes` body bytes of the current response (or after a timeout). */
    async waitFor(bytes: number): Promise<void> {
      if (received >= bytes || cancelled) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arrived = await new Promise<boolean>((resolve) => {
        waiters.push({ bytes, resolve });
        timer = setTimeout(() => resolve(false), RECEIPT_TIMEOUT_MS);
      });
      clearTimeout(timer);
      if (!arrived) {
        stats.late++;
        waiters = waiters.filter((waiter) => waiter.bytes !== bytes);
      }
    },
  };
}

export type ReadReceipts = ReturnType<typeof readReceipts>;

/** Writes the pieces to a Node response one at a time, each once the reader has read everything before it. */
export async function writePieces(res: ServerResponse, pieces: readonly Uint8Array[], receipts: ReadReceipts) {
  let sent = 0;
  for (const piece of pieces) {
    if (res.destroyed) return;
    res.write(piece);
    sent += piece.length;
    await receipts.waitFor(sent);
  }
}

/**
 * Re-cuts a byte stream (a route's response body) into pieces of the given sizes, used in turn, whatever the
 * sizes of the chunks it comes in; each piece is handed on once the reader has read the ones before it.
 */
export function recut(source: ReadableStream<Uint8Array>, sizes: readonly number[], receipts: ReadReceipts) {
  const reader = source.getReader();
  let buffer = new Uint8Array(0);
  let ended = false;
  let turn = 0;
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent > 0) await receipts.waitFor(sent);
        const size = Math.max(1, sizes[turn++ % sizes.length] ?? 1);
        while (!ended && buffer.length < size) {
          const { done, value } = await reader.read();
          if (done) ended = true;
          else {
            const joined = new Uint8Array(buffer.length + value.length);
            joined.set(buffer);
            joined.set(value, buffer.length);
            buffer = joined;
          }
        }
        if (buffer.length === 0) {
          controller.close();
          return;
        }
        const piece = buffer.slice(0, size);
        buffer = buffer.slice(size);
        sent += piece.length;
        controller.enqueue(piece);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * A fake OpenAI API on 127.0.0.1 that answers `POST …/chat/completions` and `POST …/responses` with the body bytes
 * the test queued, in exactly the pieces it cut them into (fake-openai.ts cuts only into equal parts).
 */
export async function startCutOpenAI(receipts: ReadReceipts) {
  const queue: Uint8Array[][] = [];
  let served = 0;
  const server = createServer(async (req, res) => {
    for await (const _ of req) {
      // The request body is not needed; reading it lets the request end.
    }
    const pieces = req.method === 'POST' && /\/(chat\/completions|responses)$/.test(req.url ?? '') && queue.shift();
    if (!pieces) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"cut-openai: no answer queued"}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.flushHeaders();
    await writePieces(res, pieces, receipts);
    res.end();
    served++;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    /** Answers the next request with these pieces. */
    serve(pieces: Uint8Array[]): void {
      queue.push(pieces);
    },
    get served() {
      return served;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
