import type { StreamMetadata, StreamRequest, StreamSink, StreamTransport } from '@tokenflow/streaming/core';

/** One stream run by {@link manualTransport}: the test decides when each token, the end or a failure comes. */
export interface ManualStream {
  readonly request: StreamRequest;
  readonly signal: AbortSignal;
  tokens(...texts: string[]): void;
  /** Reasoning deltas. */
  reasoning(...texts: string[]): void;
  /** Chunks of the view's other parts (tool calls, sources, data), as the UI message stream has them. */
  parts(...chunks: (Record<string, unknown> & { type: string })[]): void;
  /** Metadata while the stream goes on (a route's `message-metadata` chunk). */
  metadata(metadata: StreamMetadata): void;
  finish(metadata?: StreamMetadata): void;
  fail(error: unknown): void;
}

/**
 * An in-process transport driven by the test, for core behaviour that does not depend on HTTP.
 * `streams` lists every run in start order; with `attachable`, it can also attach to a handle (the stream is then
 * one of `streams`, its request `{ attached: handle }`), as the HTTP transport does on a route that keeps streams.
 */
export function manualTransport(options: { attachable?: boolean } = {}): {
  transport: StreamTransport;
  streams: ManualStream[];
} {
  const streams: ManualStream[] = [];
  const follow = (request: StreamRequest, sink: StreamSink, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      streams.push({
        request,
        signal,
        tokens: (...texts) => {
          for (const text of texts) sink.token(text);
        },
        reasoning: (...texts) => {
          for (const text of texts) sink.reasoning(text);
        },
        parts: (...chunks) => {
          for (const chunk of chunks) sink.part(chunk);
        },
        metadata: (metadata) => sink.metadata(metadata),
        finish: (metadata = { finishReason: 'stop' }) => {
          sink.metadata(metadata);
          resolve();
        },
        fail: reject,
      });
    });
  const transport: StreamTransport = {
    run: follow,
    ...(options.attachable && {
      attach: (sink: StreamSink, signal: AbortSignal) =>
        follow({ attached: sink.handle } as StreamRequest, sink, signal),
    }),
  };
  return { transport, streams };
}

/** Lets pending promise callbacks run. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
