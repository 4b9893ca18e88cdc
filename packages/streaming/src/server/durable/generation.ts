import type { UIMessageChunk } from 'ai';
import type { StreamLog } from '../log/stream-log.js';
import { classifyProviderError } from '../provider-errors.js';
import { startSilenceTimer } from '../silence-timer.js';

const STALLED = 'The model provider stopped sending; the call was abandoned.';

/** Chunks after which nothing more comes: the stream's end, whichever way it ended. */
const isFinal = (chunk: UIMessageChunk): boolean =>
  chunk.type === 'finish' || chunk.type === 'error' || chunk.type === 'abort';

/**
 * What a detached generation needs: the stream's id and log, the model's chunks, and how to stop the model call.
 *
 * @example
 * ```ts
 * const done = runGeneration({ log, id, chunks, stopModel: () => upstream.abort(), abandonAfterMs: 60_000 });
 * ```
 */
export interface Generation {
  log: StreamLog;
  id: string;
  /** The UI message stream of the model call (its `start` chunk is renamed to carry `id`). */
  chunks: ReadableStream<UIMessageChunk>;
  /** Aborts the model call (its provider connection closes). */
  stopModel: () => void;
  /** Stop the generation once nobody has read it for this long (default: never). */
  abandonAfterMs?: number | undefined;
  /**
   * Until when a request waiting for the answer to start held the stream (`Infinity` while it waits): it counts
   * as a reader, so a model that thinks long before its first token is not abandoned under a waiting client.
   */
  heldUntil?: (() => number) | undefined;
  /** How long the model may send nothing: past it the call is abandoned with an `error` end (default: no limit). */
  idleTimeoutMs?: number | undefined;
  /** Whether the call waits on the route itself (a tool running): its silence then is no stall. */
  busy?: (() => boolean) | undefined;
  /** Called with each chunk as it is logged (to learn when the answer starts, or how it failed before). */
  onChunk?: ((chunk: UIMessageChunk) => void) | undefined;
  /** Called with the error of a model stream that broke (rather than ending with an `error` chunk). */
  onModelError?: ((error: unknown) => void) | undefined;
  /** Called when the model was stopped for its silence (past `idleTimeoutMs`). */
  onStalled?: (() => void) | undefined;
  /** Where failures of the log itself go (the generation then stops: nobody could read it). */
  onLogError: (error: unknown) => void;
}

/**
 * Runs a generation detached from any request: the model's chunks are appended to the log as they come (the ones
 * that arrive together in one append), until the final chunk. A stop asked through the log (from any instance),
 * or nobody reading for `abandonAfterMs`, aborts the model call; the AI SDK then ends the stream with an `abort`
 * chunk, which is logged as its end. Resolves when the stream is over in the log.
 */
export async function runGeneration(generation: Generation): Promise<void> {
  const { log, id, chunks, stopModel, abandonAfterMs, onLogError, onChunk } = generation;
  // A model silent for idleTimeoutMs is stopped; the abort chunk the AI SDK then sends is logged as this error.
  let stalled = false;
  const busy = generation.busy ?? (() => false);
  const idle = startSilenceTimer(generation.idleTimeoutMs ?? Number.POSITIVE_INFINITY, busy, () => {
    stalled = true;
    generation.onStalled?.();
    stopModel();
  });
  // Why the generation was stopped, when it was: the `abort` chunk the AI SDK then sends carries this as its reason
  // (its own would be the abort signal's, "AbortError: This operation was aborted"), so every reader learns why.
  let stopReason: string | undefined;
  const stopFor = (reason: string) => () => {
    stopReason ??= reason;
    stopModel();
  };
  const unwatch = await log.watchStop(id, stopFor('Stopped by a client.')).catch((error: unknown) => {
    onLogError(error);
    stopModel();
    return () => {};
  });
  const heldUntil = generation.heldUntil ?? (() => 0);
  const abandonCheck =
    abandonAfterMs === undefined
      ? undefined
      : watchAbandon(
          log,
          id,
          abandonAfterMs,
          heldUntil,
          stopFor(`Stopped: nobody read the stream for ${abandonAfterMs} ms.`),
        );
  const reader = chunks.getReader();
  // Appends run one after another, and each takes every chunk that came while the one before it ran: a fast
  // stream is logged in a few large appends, a slow one an event at a time.
  const pending: string[] = [];
  let ended = false;
  let erred = false;
  let failed = false;
  let writing: Promise<void> = Promise.resolve();
  const writeBatch = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    // The final chunk is pushed with `ended` set at once, so when it is set the final chunk is in this batch.
    await log.append(id, batch, ended && pending.length === 0);
  };
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    onLogError(error);
    stopModel();
    reader.cancel().catch(() => {});
  };
  const push = (chunk: UIMessageChunk): void => {
    pending.push(JSON.stringify(chunk));
    ended = isFinal(chunk);
    erred = chunk.type === 'error';
    writing = writing.then(writeBatch);
    writing.catch(fail);
  };
  try {
    while (!ended && !failed) {
      const next = await reader.read().catch((error: unknown) => {
        // The provider's stream broke (a reset connection): readers get a typed error after the partial text.
        generation.onModelError?.(error);
        const chunk: UIMessageChunk = { type: 'error', errorText: classifyProviderError(error).message };
        return { done: false as const, value: chunk };
      });
      if (next.done) break;
      idle.touch();
      let chunk = next.value;
      if (chunk.type === 'start') chunk = { ...chunk, messageId: id };
      if (chunk.type === 'abort' && stalled) chunk = { type: 'error', errorText: STALLED };
      else if (chunk.type === 'abort' && stopReason !== undefined) chunk = { type: 'abort', reason: stopReason };
      onChunk?.(chunk);
      push(chunk);
    }
    // The model's stream closed with no end chunk: log one, so readers are not left waiting.
    if (!ended && !failed) push({ type: 'abort', reason: 'The generation ended without a finish.' });
    // Ended by an error (a broken chunk, a broken stream): the provider may still be sending; its connection is closed.
    if (erred) {
      stopModel();
      reader.cancel().catch(() => {});
    }
    await writing;
  } catch (error) {
    fail(error);
  } finally {
    idle.stop();
    unwatch();
    if (abandonCheck) clearInterval(abandonCheck);
  }
}

/** Stops the model call once nobody has read (or held) the stream for `ms` (checked a few times per period). */
function watchAbandon(log: StreamLog, id: string, ms: number, heldUntil: () => number, stopModel: () => void) {
  const timer = setInterval(
    () => {
      void log.info(id).then(
        (info) => {
          if (info && !info.over && Date.now() - Math.max(info.lastReadAt, heldUntil()) > ms) stopModel();
        },
        () => {},
      );
    },
    Math.max(50, ms / 4),
  );
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
