import { StreamError } from '../core/errors.js';
import type { StreamMetadata, StreamSink } from '../core/types.js';
import { normalizeUsage } from './usage.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the message metadata a route attached: `{ usage, model, finishReason, providerMetadata }`. */
function metadataFrom(messageMetadata: unknown): StreamMetadata {
  if (!isRecord(messageMetadata)) return {};
  const metadata: StreamMetadata = {};
  const usage = normalizeUsage(messageMetadata.usage);
  if (usage) metadata.usage = usage;
  const model = messageMetadata.model ?? messageMetadata.modelId;
  if (typeof model === 'string') metadata.model = model;
  if (typeof messageMetadata.finishReason === 'string') metadata.finishReason = messageMetadata.finishReason;
  if (isRecord(messageMetadata.providerMetadata)) metadata.providerMetadata = messageMetadata.providerMetadata;
  return metadata;
}

const protocolError = (message: string): StreamError => new StreamError('protocol', message);

/**
 * Interprets the chunks of the AI SDK's UI message stream for one sink: text deltas become tokens, the finish
 * and message-metadata chunks become metadata, and `error` or `abort` chunks end the stream with a typed error.
 * Chunk types that carry no text (steps, reasoning, tools, sources, data parts) are skipped.
 */
export class UIMessageStreamReader {
  /** A `finish` chunk arrived: the stream is complete. */
  finished = false;
  private readonly sink: StreamSink;

  constructor(sink: StreamSink) {
    this.sink = sink;
  }

  /** Reads one SSE `data` field. Throws a StreamError when the stream reports or contains a failure. */
  read(data: string): void {
    if (data === '[DONE]') return;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw protocolError(`The stream sent a chunk that is not JSON: ${data.slice(0, 80)}`);
    }
    if (!isRecord(chunk) || typeof chunk.type !== 'string') {
      throw protocolError(`The stream sent a chunk without a type: ${data.slice(0, 80)}`);
    }
    switch (chunk.type) {
      case 'text-delta':
        if (typeof chunk.delta !== 'string') throw protocolError('A text-delta chunk has no string delta.');
        this.sink.token(chunk.delta);
        return;
      case 'message-metadata':
        this.sink.metadata(metadataFrom(chunk.messageMetadata));
        return;
      case 'finish': {
        const metadata = metadataFrom(chunk.messageMetadata);
        if (typeof chunk.finishReason === 'string') metadata.finishReason = chunk.finishReason;
        this.sink.metadata(metadata);
        this.finished = true;
        return;
      }
      case 'error': {
        const text = typeof chunk.errorText === 'string' && chunk.errorText ? chunk.errorText : 'no details given';
        throw new StreamError('provider', `The model provider failed: ${text}`);
      }
      case 'abort':
        throw new StreamError(
          'aborted',
          `The server aborted the stream${typeof chunk.reason === 'string' ? `: ${chunk.reason}` : '.'}`,
        );
      default:
        return;
    }
  }
}
