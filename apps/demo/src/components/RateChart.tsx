import { useStreamingStore } from '@tokenflow/streaming';
import { useEffect, useId, useRef } from 'react';
import { formatRate } from '../lib/format.js';
import { RATE_DEFINITION } from '../lib/rate.js';
import { niceCeiling, type PlotBox, RateSeries, ratePath } from '../lib/rate-series.js';
import type { Run } from '../lib/settings.js';
import { useStreamResult } from '../lib/use-stream-result.js';

const BIN_MS = 250;
const REDRAW_MS = 250;
/** The least time the x axis spans, so a short stream does not fill the chart with one spike. */
const MIN_SPAN_MS = 5_000;
const WIDTH = 600;
const HEIGHT = 170;
const BOX: PlotBox = { left: 44, top: 12, width: WIDTH - 56, height: HEIGHT - 36 };

/** A legend entry: the stream, and once it ended its rate, the same number as its panel's. */
function LegendEntry({ run, index }: { run: Run; index: number }) {
  const rate = useStreamResult(run.handle)?.timing.tokensPerSecond;
  return (
    <li data-series={index} title={rate === undefined ? undefined : RATE_DEFINITION}>
      {run.label}
      {rate !== undefined && <span className="legend-rate"> · {formatRate(rate)}</span>}
    </li>
  );
}

/**
 * A live chart of tokens per second, one line per stream: each point is the rate over the half second before it,
 * so the line shows the pace changing; the legend gives each stream's overall rate once it has ended. It is fed by token listeners and redraws a few times
 * per second by setting the SVG's attributes directly: React renders it once per set of streams, never per token.
 */
export function RateChart({ runs }: { runs: readonly Run[] }) {
  const store = useStreamingStore();
  const titleId = useId();
  const paths = useRef<(SVGPathElement | null)[]>([]);
  const yMax = useRef<SVGTextElement>(null);
  const xMax = useRef<SVGTextElement>(null);

  useEffect(() => {
    if (runs.length === 0) return;
    const startedAt = performance.now();
    const series = runs.map(() => new RateSeries(BIN_MS));
    // The answer's tokens, as the panels' rate and the legend count them (a model's reasoning is not in it).
    const stopListening = runs.map((run, index) =>
      store.addTokenListener(run.handle, (token) => {
        if (token.kind === 'text') series[index]?.add(performance.now() - startedAt);
      }),
    );
    const isRunning = (index: number) => store.getView(runs[index]?.handle).isRunning;
    const draw = () => {
      const now = performance.now() - startedAt;
      const lines = series.map((line, index) => {
        const running = isRunning(index);
        if (running) line.extendTo(now);
        return line.points(running ? now : line.lastAt);
      });
      const spanMs = Math.max(MIN_SPAN_MS, ...lines.map((points) => points.at(-1)?.atMs ?? 0));
      const maxRate = niceCeiling(Math.max(1, ...lines.flat().map((point) => point.perSecond)));
      for (const [index, points] of lines.entries()) {
        paths.current[index]?.setAttribute('d', ratePath(points, spanMs, maxRate, BOX));
      }
      if (yMax.current) yMax.current.textContent = `${maxRate}`;
      if (xMax.current) xMax.current.textContent = `${(spanMs / 1_000).toFixed(0)} s`;
      return runs.some((_, index) => isRunning(index));
    };
    const timer = setInterval(() => {
      // One last drawing after the streams end, then the chart stays as it is.
      if (!draw()) clearInterval(timer);
    }, REDRAW_MS);
    return () => {
      clearInterval(timer);
      for (const stop of stopListening) stop();
    };
  }, [store, runs]);

  return (
    <figure className="card chart" data-testid="rate-chart" aria-labelledby={titleId}>
      <h2 id={titleId}>Tokens per second</h2>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img">
        <title>Tokens per second over time, one line per stream, each point over the half second before it</title>
        <line
          className="axis"
          x1={BOX.left}
          y1={BOX.top + BOX.height}
          x2={BOX.left + BOX.width}
          y2={BOX.top + BOX.height}
        />
        <line className="axis" x1={BOX.left} y1={BOX.top} x2={BOX.left} y2={BOX.top + BOX.height} />
        <text className="tick" x={BOX.left - 6} y={BOX.top + 4} textAnchor="end" ref={yMax}>
          10
        </text>
        <text className="tick" x={BOX.left - 6} y={BOX.top + BOX.height} textAnchor="end">
          0
        </text>
        <text className="tick" x={BOX.left + BOX.width} y={HEIGHT - 6} textAnchor="end" ref={xMax}>
          5 s
        </text>
        {runs.map((run, index) => (
          <path
            key={run.handle}
            className="series"
            data-series={index}
            ref={(element) => {
              paths.current[index] = element;
            }}
          />
        ))}
      </svg>
      <figcaption>
        {runs.length === 0 ? (
          'Start a stream to see its rate.'
        ) : (
          <ul className="legend">
            {runs.map((run, index) => (
              <LegendEntry key={run.handle} run={run} index={index} />
            ))}
          </ul>
        )}
      </figcaption>
    </figure>
  );
}
