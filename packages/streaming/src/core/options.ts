import type { StreamError } from './errors.js';
import type { HandleStorage } from './resume-on-reload.js';
import type { Throttle } from './scheduler.js';
import type { StreamHandle, StreamTransport, TokenListener } from './types.js';
import { bufferSizeCheck, check, delayMsCheck, listenerCheck, validateOptions } from './validate.js';

/**
 * How a store behaves. Every option may be changed later with `store.configure`; new values apply to streams
 * started afterwards, and the latest `onToken` and `onError` are the ones called.
 *
 * @example
 * ```ts
 * const store = createStreamingStore({ bufferSize: 2_000, throttle: 'frame', onToken: (t) => log(t.text) });
 * ```
 */
export interface StreamingStoreOptions {
  /** How many tokens each stream keeps (default Infinity). Older ones are dropped and the view is `truncated`. */
  bufferSize?: number | undefined;
  /** Called for every token of every stream. */
  onToken?: TokenListener | undefined;
  /** Where listener failures go (default `console.error`). Never rethrown. */
  onError?: ((error: StreamError, handle: StreamHandle) => void) | undefined;
  /** How streams are fetched (default `httpTransport()`, which POSTs to `/api/stream`). */
  transport?: StreamTransport | undefined;
  /** How often views are published for React: `'frame'` (default), milliseconds, or `false` (every token). */
  throttle?: Throttle | undefined;
  /**
   * How long a handle whose stream has ended, and that nothing reads, stays in the store before it is released
   * (default 300,000 ms, 5 minutes; `0` on the next task, `Infinity` never). A reader that comes back within it (a
   * tab shown again, a component remounted) finds the final view; a late `end` still gets the result.
   */
  releaseAfterMs?: number | undefined;
  /**
   * Bring running streams back after a page reload (default false). `true` keeps the handles of running streams in
   * `sessionStorage` (or pass another storage); setting it, at creation or with `configure`, attaches every handle
   * an earlier page load left there, so the stream goes on from its first token, and one the route no longer has is
   * dropped. Needs a transport that can attach (the HTTP transport, on a route that keeps streams). Find the
   * resumed handles with `useStreamHandles` (or `state.handles`).
   */
  resumeOnReload?: boolean | HandleStorage | undefined;
}

/** Every option's default; `transport` undefined means `httpTransport()`. */
const DEFAULTS = {
  bufferSize: Number.POSITIVE_INFINITY,
  onToken: undefined as TokenListener | undefined,
  onError: (error: StreamError, handle: StreamHandle): void => console.error(`[tokenflow] ${handle}:`, error),
  transport: undefined as StreamTransport | undefined,
  throttle: 'frame' as Throttle,
  releaseAfterMs: 300_000,
  resumeOnReload: false as boolean | HandleStorage,
};

/** Every option with the value in force. */
export type StoreSettings = typeof DEFAULTS;

/** Each option's rule, in the order they are checked; the keys are also the options `resolveOptions` copies. */
const OPTION_CHECKS = {
  bufferSize: bufferSizeCheck,
  onToken: listenerCheck,
  onError: check((value) => typeof value === 'function', 'must be a function'),
  transport: check((value) => typeof value?.run === 'function', 'must be an object with a run method'),
  throttle: check(
    (value) => value === 'frame' || value === false || (Number.isFinite(value) && value >= 0),
    "must be 'frame', a non-negative number of milliseconds, or false",
  ),
  releaseAfterMs: delayMsCheck,
  resumeOnReload: check(
    (value) =>
      typeof value === 'boolean' ||
      ['getItem', 'setItem', 'removeItem'].every((key) => typeof value?.[key] === 'function'),
    'must be a boolean or a storage (getItem, setItem, removeItem)',
  ),
};

/** The name of every store option. */
export const STORE_OPTION_KEYS = Object.keys(OPTION_CHECKS) as (keyof StreamingStoreOptions)[];

/**
 * Validates options and lays them over `base`: keys that are present (even as undefined) are set, undefined
 * meaning the default; absent keys keep their value in `base`. Throws `invalid-options` and changes nothing when
 * any value is bad.
 */
export function resolveOptions(options: StreamingStoreOptions, base: StoreSettings = DEFAULTS): StoreSettings {
  validateOptions(options, OPTION_CHECKS);
  const settings: Record<string, unknown> = { ...base };
  for (const key of STORE_OPTION_KEYS) if (key in options) settings[key] = options[key] ?? DEFAULTS[key];
  return settings as StoreSettings;
}
