/**
 * How fast the simulated model answers. Real providers take a while for the first token (queueing, prompt
 * processing), then stream at a roughly steady rate with jitter and the occasional stall.
 */
export interface Pace {
  /** Average output rate once streaming. */
  tokensPerSecond: number;
  /** Average wait before the first token. */
  firstTokenMs: number;
  /** 0 to 1: how much each interval varies around the average (0 is a metronome). */
  jitter: number;
}

/** How often a gap is a stall (a provider flushing late, a slow network hop) rather than a normal interval. */
const STALL_CHANCE = 0.02;

/** Returns the wait before each next token: the first call gives the time to first token. */
export function createPacer(pace: Pace, random: () => number = Math.random): () => number {
  let first = true;
  const interval = 1000 / pace.tokensPerSecond;
  const vary = (ms: number) => ms * (1 + pace.jitter * (random() * 2 - 1));
  return () => {
    if (first) {
      first = false;
      return Math.max(0, vary(pace.firstTokenMs));
    }
    const stall = random() < STALL_CHANCE * pace.jitter ? 3 + random() * 5 : 1;
    return Math.max(0, vary(interval) * stall);
  };
}

/**
 * Waits `ms`, or rejects at once with the abort reason when any of the signals aborts. Uses only timers and
 * AbortSignal, so it runs on edge runtimes as well as Node.
 */
export function sleep(ms: number, ...signals: (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = signals.find((signal) => signal?.aborted);
    if (aborted) {
      reject(aborted.reason);
      return;
    }
    const cleanUp = () => {
      clearTimeout(timer);
      for (const signal of signals) signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (event: Event) => {
      cleanUp();
      reject((event.target as AbortSignal).reason);
    };
    const timer = setTimeout(
      () => {
        cleanUp();
        resolve();
      },
      Math.max(0, ms),
    );
    for (const signal of signals) signal?.addEventListener('abort', onAbort, { once: true });
  });
}
