import { type IdleTimer, startIdleTimer } from '../transport/idle-timer.js';

/**
 * The provider's silence, timed: calls `onSilent` once nothing came for `ms`, unless `busy()` says the call waits on
 * the route itself (one of its tools running, which may take longer than a provider may be silent): then the wait
 * starts again.
 *
 * @example
 * ```ts
 * const silence = startSilenceTimer(60_000, model.toolsRunning, () => upstream.abort());
 * for await (const chunk of chunks) silence.touch();
 * ```
 */
export function startSilenceTimer(ms: number, busy: () => boolean, onSilent: () => void): IdleTimer {
  let timer: IdleTimer;
  const fire = () => {
    if (busy()) timer = startIdleTimer(ms, fire);
    else onSilent();
  };
  timer = startIdleTimer(ms, fire);
  return { touch: () => timer.touch(), stop: () => timer.stop() };
}
