import type { StreamResult } from '@tokenflow/streaming';
import { formatCount, formatMs } from '../lib/format.js';

/**
 * What only the end knows: finish reason, usage as the provider reported it, the model and the duration. Its
 * rows are there from the start (with dashes), so the panel does not grow when the stream ends.
 */
export function EndSummary({ result }: { result: StreamResult | undefined }) {
  const usage = result?.usage;
  const rows: [string, string][] = [
    ['Finish reason', result ? (result.finishReason ?? (result.status === 'aborted' ? 'aborted' : '—')) : '—'],
    ['Input tokens', formatCount(usage?.inputTokens)],
    ['Output tokens', formatCount(usage?.outputTokens)],
    ['Total tokens', formatCount(usage?.totalTokens)],
    ['Model', result?.model ?? '—'],
    ['Duration', formatMs(result?.timing.durationMs)],
    ['Reconnects', formatCount(result?.reconnects)],
  ];
  return (
    <dl
      className="summary"
      data-testid={result ? 'stream-usage' : 'stream-usage-pending'}
      data-status={result?.status}
      title={result ? undefined : 'Usage and finish reason arrive with the end.'}
    >
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
