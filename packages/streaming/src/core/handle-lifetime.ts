import type { StreamRecord } from './stream-record.js';

/**
 * The one rule for how long a handle stays in a store: **while its stream runs or something reads it, it stays;
 * once its stream has ended and nothing reads it, it is released `releaseAfterMs` later**, unless a reader comes
 * back first. Readers are mounted `useTokens` and `<StreamText>` (or anything holding `store.retain`). `end` only
 * waits for the stream; `store.release` removes a handle at once.
 *
 * @example
 * ```ts
 * const lifetime = createHandleLifetime(() => 300_000, (record) => store.release(record.handle));
 * lifetime.check(record); // after the stream ended, or after its last reader left
 * ```
 */
export interface HandleLifetime {
  /** A reader came: the handle stays while it reads. Returns the function that ends this reading. */
  read(record: StreamRecord): () => void;
  /** Starts the countdown if the stream has ended and nothing reads it (call when it ends). */
  check(record: StreamRecord): void;
  /** Stops the countdown (call when the handle is released). */
  forget(record: StreamRecord): void;
}

/** Creates the lifetime rule over a store's records; `releaseAfterMs` is read at each countdown. */
export function createHandleLifetime(
  releaseAfterMs: () => number,
  release: (record: StreamRecord) => void,
): HandleLifetime {
  const timers = new Map<StreamRecord, ReturnType<typeof setTimeout>>();

  const forget = (record: StreamRecord): void => {
    clearTimeout(timers.get(record));
    timers.delete(record);
  };

  const check = (record: StreamRecord): void => {
    forget(record);
    const ms = releaseAfterMs();
    if (!record.isOver() || record.readers > 0 || ms === Number.POSITIVE_INFINITY) return;
    const timer = setTimeout(() => {
      timers.delete(record);
      release(record);
    }, ms);
    // In Node, a countdown must not keep a finished program alive for minutes.
    (timer as { unref?: () => void }).unref?.();
    timers.set(record, timer);
  };

  return {
    read(record) {
      record.readers++;
      forget(record);
      let reading = true;
      return () => {
        if (!reading) return;
        reading = false;
        record.readers--;
        check(record);
      };
    },
    check,
    forget,
  };
}
