import { StreamError } from '../core/errors.js';
import type { StreamSink } from '../core/types.js';
import { connectionError } from './http-errors.js';
import { createSseParser } from './sse-parser.js';
import { readUIMessageChunk } from './ui-message-stream.js';

/**
 * The largest single SSE event accepted; a bigger one is a broken or hostile stream (a `protocol` error). Counted
 * in characters (UTF-16 units) of the unfinished line and event after each slice fed, so the parser never holds
 * more than this plus one slice.
 */
const MAX_EVENT_BYTES = 4 * 1024 * 1024;
/** The most SSE text parsed in one go: about 450 events, a few milliseconds. */
const FEED_SLICE_CHARS = 32_768;
/** The first slice of a read: a few dozen events. */
const FIRST_SLICE_CHARS = 4_096;

/**
 * Reads `body` as text, giving each decoded piece to `onText` (the last one when the body ends) until the body
 * ends or `onText` returns true. Always closes the body: that closes the connection, so the route (and its
 * provider call) stops too.
 */
export async function readText(
  body: ReadableStream<Uint8Array>,
  onText: (text: string) => unknown | Promise<unknown>,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (let done = false; !done; ) {
      const next = await reader.read();
      done = next.done;
      if (await onText(decoder.decode(next.value, { stream: !done }))) break;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Lets the page render and handle input: `scheduler.yield()` where there is one (Chromium), else a timer. */
function yieldToPage(): Promise<void> {
  const { scheduler } = globalThis as { scheduler?: { yield?: () => Promise<void> } };
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Where a stream stands, across the connections that read it: the durable stream's id (the `start` chunk's
 * `messageId`) and the sequence number (SSE `id:`) of the last event read. Events the route numbers are durable:
 * after a drop, a reconnect asks for those after `lastEventId`, and an event at or before it is never read twice.
 */
export interface StreamPosition {
  streamId: string | undefined;
  lastEventId: number | undefined;
}

/**
 * Feeds one connection's SSE body through the parser into `sink`, until the finish chunk. Throws the first failure
 * the stream reports or contains, or a `network` error when the connection ends first.
 */
export async function readStream(
  body: ReadableStream<Uint8Array>,
  sink: StreamSink,
  signal: AbortSignal,
  position: StreamPosition,
  onBytes: () => void,
): Promise<void> {
  let finished = false;
  let failure: StreamError | undefined;
  const onStart = (messageId: string): void => {
    position.streamId ??= messageId;
  };
  const feed = createSseParser(
    (event) => {
      if (failure || finished) return;
      if (event.id) {
        const seq = Number(event.id);
        // Replayed after a reconnect and already read: skip it, so no token is ever seen twice.
        if (position.lastEventId !== undefined && seq <= position.lastEventId) return;
        if (Number.isSafeInteger(seq) && seq >= 0) position.lastEventId = seq;
      }
      try {
        if (readUIMessageChunk(event.data, sink, onStart)) finished = true;
      } catch (error) {
        failure = error as StreamError;
      }
    },
    (error) => {
      failure ??= new StreamError('protocol', `The event stream is malformed: ${error.message}`, { cause: error });
    },
    MAX_EVENT_BYTES,
  );
  await readText(body, async (text) => {
    onBytes();
    // A big piece (a burst the network delivered at once) is parsed in slices, and the page gets to run between
    // them: its first tokens show before the rest is parsed, and no single task parses megabytes.
    // The first slice is small: the page shows the burst's first tokens after a millisecond of parsing, not ten.
    for (let at = 0, end = FIRST_SLICE_CHARS; at < text.length && !signal.aborted; end = at + FEED_SLICE_CHARS) {
      if (at > 0) await yieldToPage();
      feed(text.slice(at, end));
      if (failure) throw failure;
      at = end;
    }
    // The finish chunk is the end of the stream: what the route does after it (a slow close, a dropped connection)
    // cannot change the answer, so stop reading now, which also closes the connection.
    return finished;
  }).catch((error: unknown) => {
    // Either our own failure, thrown above, or the connection's.
    throw failure ?? connectionError(error, signal, 'The connection broke while streaming');
  });
  if (!finished) {
    throw new StreamError('network', 'The connection closed before the stream finished.', { retryable: true });
  }
}
