import { StreamError } from '../core/errors.js';
import type { StreamMetadata, StreamSink } from '../core/types.js';
import { isRecord } from '../core/validate.js';
import { normalizeUsage } from './usage.js';

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Reads the message metadata a route attached, `{ usage, model, finishReason, providerMetadata, reasoningMs }`
 * (`reasoningMs`: the route's measure of the reasoning, a finite number ≥ 0), keeping only the fields that are there
 * and well-formed. A `finish` chunk's own finish reason wins over the metadata's.
 */
function metadataFrom(messageMetadata: unknown, ownFinishReason?: unknown): StreamMetadata {
  const from = isRecord(messageMetadata) ? messageMetadata : {};
  const usage = normalizeUsage(from.usage);
  const model = from.model ?? from.modelId;
  const finishReason = asString(ownFinishReason) ?? from.finishReason;
  const { reasoningMs } = from;
  // Only the fields that are there: the store merges metadata chunks, and an undefined must not erase a known value.
  return {
    ...(usage && { usage }),
    ...(typeof model === 'string' && { model }),
    ...(typeof finishReason === 'string' && { finishReason }),
    ...(isRecord(from.providerMetadata) && { providerMetadata: from.providerMetadata }),
    ...(typeof reasoningMs === 'number' && Number.isFinite(reasoningMs) && reasoningMs >= 0 && { reasoningMs }),
  };
}

const protocolError = (message: string): StreamError => new StreamError('protocol', message);

/** The chunk types the view keeps besides text and reasoning: tool calls, sources, an app's `data-*` parts. */
const PART_TYPE = /^(tool-(input|output)-|source-|data-)/;

/**
 * What an `error` chunk ends the stream with. Any AI SDK route sends `{ errorText }`: a failure of the model
 * provider. `createStreamHandler` adds its own `code`, kept as `serverCode`; `log-unavailable` says its stream store
 * failed under this reader, not the model (the stream may go on): a retryable `network` error, which a durable
 * stream reconnects from like a drop.
 */
function errorChunkError(errorText: string, code: string | undefined): StreamError {
  const details = code === undefined ? {} : { serverCode: code };
  if (code === 'log-unavailable') {
    return new StreamError('network', `The route lost its stream store: ${errorText}`, { ...details, retryable: true });
  }
  return new StreamError('provider', `The model provider failed: ${errorText}`, details);
}

/**
 * Interprets one chunk (an SSE `data` field) of the AI SDK's UI message stream for `sink`: a text or reasoning delta
 * becomes a token of that kind, tool, source and `data-*` chunks go to the view's parts, the metadata of `start`,
 * `message-metadata` and `finish` chunks becomes metadata, and an `error` or `abort` chunk throws a typed
 * StreamError that ends the stream. Other chunk types (steps, files, starts and ends of parts) are skipped. The
 * `start` chunk's message id goes to `onStart`. Returns true for the `finish` chunk: the stream is complete.
 *
 * @example
 * ```ts
 * readUIMessageChunk('{"type":"text-delta","id":"t","delta":"Hi"}', sink); // sink.token('Hi'), returns false
 * ```
 */
export function readUIMessageChunk(data: string, sink: StreamSink, onStart?: (messageId: string) => void): boolean {
  if (data === '[DONE]') return false;
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    throw protocolError(`The stream sent a chunk that is not JSON: ${data.slice(0, 80)}`);
  }
  if (!isRecord(chunk) || typeof chunk.type !== 'string') {
    throw protocolError(`The stream sent a chunk without a type: ${data.slice(0, 80)}`);
  }
  const { type, delta, reason, messageId } = chunk;
  if (type === 'start' && typeof messageId === 'string') onStart?.(messageId);
  if (type === 'text-delta' || type === 'reasoning-delta') {
    if (typeof delta !== 'string') throw protocolError(`A ${type} chunk has no string delta.`);
    if (type === 'text-delta') sink.token(delta);
    else sink.reasoning(delta);
  } else if (PART_TYPE.test(type)) {
    sink.part(chunk as Parameters<StreamSink['part']>[0]);
  } else if (type === 'message-metadata' || type === 'finish' || (type === 'start' && 'messageMetadata' in chunk)) {
    sink.metadata(metadataFrom(chunk.messageMetadata, type === 'finish' && chunk.finishReason));
  } else if (type === 'error') {
    throw errorChunkError(asString(chunk.errorText) || 'no details given', asString(chunk.code));
  } else if (type === 'abort') {
    throw new StreamError(
      'aborted',
      `The server aborted the stream${typeof reason === 'string' ? `: ${reason}` : '.'}`,
    );
  }
  return type === 'finish';
}
