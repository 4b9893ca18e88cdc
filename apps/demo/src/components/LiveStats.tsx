import { type StreamHandle, useTokens } from '@tokenflow/streaming';
import { useState } from 'react';
import { formatCount, formatMs, formatRate } from '../lib/format.js';
import { TokenMeter } from '../lib/token-meter.js';

/**
 * Time to first token, tokens per second and token count while the stream runs. The meter hears every token
 * through `onToken`; this component re-renders with the view (once per frame) and reads the meter then.
 */
export function LiveStats({ handle }: { handle: StreamHandle }) {
  const [meter] = useState(() => new TokenMeter());
  const { tokenCount } = useTokens(handle, { onToken: meter.record });
  return (
    <dl className="stats" data-testid="stream-stats">
      <div>
        <dt>First token</dt>
        <dd data-testid="stat-ttft">{formatMs(meter.ttftMs)}</dd>
      </div>
      <div>
        <dt>Rate</dt>
        <dd data-testid="stat-rate">{formatRate(meter.tokensPerSecond)}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd data-testid="stat-tokens">{formatCount(tokenCount)}</dd>
      </div>
    </dl>
  );
}
