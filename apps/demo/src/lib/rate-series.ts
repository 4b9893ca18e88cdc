/** One point of the chart: the rate over the time up to `atMs`. */
export interface RatePoint {
  atMs: number;
  perSecond: number;
}

/**
 * Token arrivals of one stream counted in fixed time bins, for the tokens-per-second chart. Adding a token is
 * O(1); the chart reads the rates a few times per second.
 */
export class RateSeries {
  private readonly counts: number[] = [];
  /** When the latest token arrived. */
  lastAt = 0;

  constructor(readonly binMs: number) {}

  /** Counts a token that arrived `atMs` after the chart's start. */
  add(atMs: number): void {
    this.extendTo(atMs);
    const bin = Math.floor(atMs / this.binMs);
    this.counts[bin] = (this.counts[bin] ?? 0) + 1;
    this.lastAt = atMs;
  }

  /** Makes the series reach `atMs` with empty bins, so a stream that is waiting shows a rate of 0. */
  extendTo(atMs: number): void {
    const bin = Math.floor(atMs / this.binMs);
    while (this.counts.length <= bin) this.counts.push(0);
  }

  /**
   * The rate at the end of each bin, averaged over the last `window` bins to smooth the jitter out. The last bin
   * counts only up to `untilMs` (now, or the last token of a finished stream): a bin still filling is not a drop.
   */
  points(untilMs: number, window = 2): RatePoint[] {
    return this.counts.map((_, bin) => {
      const from = Math.max(0, bin - window + 1);
      let sum = 0;
      for (let i = from; i <= bin; i++) sum += this.counts[i] ?? 0;
      const atMs = Math.min((bin + 1) * this.binMs, Math.max(untilMs, bin * this.binMs + 1));
      return { atMs, perSecond: (sum * 1_000) / (atMs - from * this.binMs) };
    });
  }
}

/** The plot area of the chart, in SVG user units. */
export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** An SVG path from the origin through the points, scaled to the box for `spanMs` across and `maxRate` up. */
export function ratePath(points: readonly RatePoint[], spanMs: number, maxRate: number, box: PlotBox): string {
  const bottom = box.top + box.height;
  const segments = points.map(({ atMs, perSecond }) => {
    const x = box.left + (atMs / spanMs) * box.width;
    const y = bottom - (Math.min(perSecond, maxRate) / maxRate) * box.height;
    return `L${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return `M${box.left},${bottom}${segments.join('')}`;
}

/** A round axis maximum at or above `value`: 10, 15, 20, 30, 40, 50, 60, 80, 100, 150, … */
export function niceCeiling(value: number): number {
  let step = 10;
  for (;;) {
    for (const factor of [1, 1.5, 2, 3, 4, 5, 6, 8]) if (value <= step * factor) return step * factor;
    step *= 10;
  }
}
