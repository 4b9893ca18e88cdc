import type { StreamMetadata, StreamRequest, StreamSink, StreamTransport } from '@tokenflow/streaming/core';

/** One stream run by {@link manualTransport}: the test decides when each token, the end or a failure comes. */
export interface ManualStream {
  readonly request: StreamRequest;
  readonly signal: AbortSignal;
  tokens(...texts: string[]): void;
  finish(metadata?: StreamMetadata): void;
  fail(error: unknown): void;
}

/**
 * An in-process transport driven by the test, for core behaviour that does not depend on HTTP.
 * `streams` lists every run in start order.
 */
export function manualTransport(): { transport: StreamTransport; streams: ManualStream[] } {
  const streams: ManualStream[] = [];
  const transport: StreamTransport = {
    run(request: StreamRequest, sink: StreamSink, signal: AbortSignal) {
      return new Promise<void>((resolve, reject) => {
        streams.push({
          request,
          signal,
          tokens: (...texts) => {
            for (const text of texts) sink.token(text);
          },
          finish: (metadata = { finishReason: 'stop' }) => {
            sink.metadata(metadata);
            resolve();
          },
          fail: reject,
        });
      });
    },
  };
  return { transport, streams };
}

/** Lets pending promise callbacks run. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
