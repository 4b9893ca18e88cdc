import { type StreamHandle, type StreamResult, useEndStream } from '@tokenflow/streaming';
import { useEffect, useState } from 'react';
import { formatCount, formatMs, formatRate } from '../lib/format.js';

/**
 * The complete response, from `end(handle)`: finish reason, usage and timing. It waits for the stream (done,
 * failed or aborted), so this is the one place that knows the final numbers the provider reported.
 */
export function EndSummary({ handle }: { handle: StreamHandle }) {
  const end = useEndStream();
  const [result, setResult] = useState<StreamResult>();

  useEffect(() => {
    let current = true;
    end(handle).then(
      (settled) => current && setResult(settled),
      // Rejects only for a handle the store no longer knows: nothing to summarize then.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [end, handle]);

  if (result === undefined) return <p className="summary-pending">Usage and finish reason arrive with the end.</p>;
  const { usage, timing } = result;
  const rows: [string, string][] = [
    ['Finish reason', result.finishReason ?? (result.status === 'aborted' ? 'aborted' : '—')],
    ['Input tokens', formatCount(usage?.inputTokens)],
    ['Output tokens', formatCount(usage?.outputTokens)],
    ['Total tokens', formatCount(usage?.totalTokens)],
    ['Model', result.model ?? '—'],
    ['Duration', formatMs(timing.durationMs)],
    ['First token', formatMs(timing.ttftMs)],
    ['Rate', formatRate(timing.tokensPerSecond)],
  ];
  return (
    <dl className="summary" data-testid="stream-usage" data-status={result.status}>
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
