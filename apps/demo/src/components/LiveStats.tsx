import { type StreamHandle, type StreamResult, useTokens } from '@tokenflow/streaming';
import { useState } from 'react';
import { formatCount, formatMs, formatRate } from '../lib/format.js';
import { FIRST_TOKEN_DEFINITION, RATE_DEFINITION } from '../lib/rate.js';
import { TokenMeter } from '../lib/token-meter.js';
import { useRenderCount } from '../lib/use-render-count.js';
import { RenderCount } from './RenderCount.js';

/** Props of {@link LiveStats}. */
export interface LiveStatsProps {
  handle: StreamHandle;
  /** The stream's result once it ended: its numbers replace the live ones, so the page shows one final value. */
  result: StreamResult | undefined;
}

/**
 * Time to first token, tokens per second and token count: live while the stream runs, the result's once it ended.
 * The meter hears every token through `onToken`; this component re-renders with the answer's tokens (at most once
 * per frame) and reads the meter then.
 */
export function LiveStats({ handle, result }: LiveStatsProps) {
  const [meter] = useState(() => new TokenMeter());
  const { tokenCount } = useTokens(handle, { onToken: meter.record });
  const renders = useRenderCount();
  const ttftMs = result ? result.timing.ttftMs : meter.ttftMs;
  const rate = result ? result.timing.tokensPerSecond : meter.tokensPerSecond;
  return (
    <dl className="stats" data-testid="stream-stats">
      <div>
        <dt title={FIRST_TOKEN_DEFINITION}>First token</dt>
        <dd data-testid="stat-ttft">{formatMs(ttftMs)}</dd>
      </div>
      <div>
        <dt title={RATE_DEFINITION}>Rate</dt>
        <dd data-testid="stat-rate">{formatRate(rate)}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd data-testid="stat-tokens">{formatCount(result?.tokenCount ?? tokenCount)}</dd>
      </div>
      {/* Shown in the dev view only, as every render count. */}
      <div className="render-count-stat">
        <dt>Stats</dt>
        <dd>
          <RenderCount counter={renders} part="stats" />
        </dd>
      </div>
    </dl>
  );
}
